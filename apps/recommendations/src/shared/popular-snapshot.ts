import { Injectable } from '@nestjs/common';

/**
 * The most popular products, kept in this process's memory for when Redis does not answer.
 * Written by the hot-data job (from Redis when it answers, else from the Postgres history).
 */
@Injectable()
export class PopularSnapshot {
  private current: { productId: string; score: number }[] = [];
  takenAt?: Date;
  from?: 'redis' | 'postgres';

  get items(): readonly { productId: string; score: number }[] {
    return this.current;
  }

  replace(items: { productId: string; score: number }[], from: 'redis' | 'postgres'): void {
    this.current = items;
    this.takenAt = new Date();
    this.from = from;
  }
}
