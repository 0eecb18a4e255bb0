/** A catalogue entry as recommendations show it. */
export interface Product {
  id: string;
  name: string;
  category: string;
  priceCents: number;
}

/** One recommended item: the product's fields and why it is there. */
export interface RecommendedItem extends Product {
  score: number;
  /** co: a neighbour of the user's recent items; popular: filled from popularity. */
  reason: 'co' | 'popular';
}

/** personal: only neighbours; mixed: neighbours then popular; popular: a new user; fallback: Redis unreachable. */
export type RecommendationSource = 'personal' | 'mixed' | 'popular' | 'fallback';

export interface Recommendations {
  userId: string;
  source: RecommendationSource;
  items: RecommendedItem[];
}
