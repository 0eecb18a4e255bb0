import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database } from '@perflab/database';
import type { PrismaClient } from '../recommendations.prisma';
import type { Product } from './product.model';
import { RecentlyMissing } from './recently-missing';

/**
 * How long an unknown productId is answered from memory. A product created meanwhile waits this
 * long or until the next refresh, whichever comes first: the snapshot is asked before this.
 */
const UNKNOWN_PRODUCT_TTL_MS = 5_000;
const UNKNOWN_PRODUCTS_MAX = 10_000;

/**
 * The product catalogue: Postgres is the truth, each process keeps a snapshot in memory
 * (refreshed by the hot-data job). The snapshot checks a behaviour's productId without a
 * query and fills product fields when Redis cannot; an id Postgres did not know either is
 * remembered briefly (bounded), so a client repeating it does not cost a query per request.
 */
@Injectable()
export class Catalogue {
  private readonly db: PrismaClient;
  private byId = new Map<string, Product>();
  private readonly unknown = new RecentlyMissing(UNKNOWN_PRODUCT_TTL_MS, UNKNOWN_PRODUCTS_MAX);

  constructor(@Inject(DATABASE) database: Database<PrismaClient>) {
    this.db = database.client;
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): Product | undefined {
    return this.byId.get(id);
  }

  /** Known to the snapshot, or else to Postgres (a product added since the last refresh). */
  async exists(id: string): Promise<boolean> {
    if (this.byId.has(id)) return true;
    if (this.unknown.has(id)) return false;
    const product = await this.db.product.findUnique({
      where: { id },
      select: { id: true, name: true, category: true, priceCents: true },
    });
    if (product) this.byId.set(id, product);
    else this.unknown.add(id);
    return product !== null;
  }

  /** Reloads the snapshot from Postgres; resolves with the products loaded. */
  async refresh(): Promise<Product[]> {
    const products = await this.db.product.findMany({
      select: { id: true, name: true, category: true, priceCents: true },
      orderBy: { id: 'asc' },
    });
    this.byId = new Map(products.map((p) => [p.id, p]));
    return products;
  }
}
