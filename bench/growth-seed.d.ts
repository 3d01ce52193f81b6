// Types of bench/growth-seed.js for the TypeScript tests that import it (the bench scripts are plain JavaScript).
export type Query = (text: string, params?: unknown[]) => Promise<{ rows: Array<Record<string, unknown>> }>;

export interface MeasuredRows {
  events: number;
  scores: number;
  loans: number;
  endorsers: number;
  transactions: number;
  ratings: number;
}

export const GROWN_TABLES: string[];
export const PER_USER: { scores: number; events: number; loans: number };
export const INSTALMENTS_PER_LOAN: number;
export const MEASURED: MeasuredRows;

export function seedGrowth(
  query: Query,
  options: {
    users: number;
    measuredUserId: string;
    modelVersion: string;
    scoreJson?: { factors: unknown; recommendations: unknown; characteristics: unknown; inputs: unknown };
    measured?: MeasuredRows;
  },
): Promise<Record<string, number>>;

export function tableSizes(query: Query): Promise<Record<string, number>>;
