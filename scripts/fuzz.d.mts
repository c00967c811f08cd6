export interface FuzzFailure { index: number; kind: 'condition' | 'rules'; input: string; what: string; detail?: string }
export interface FuzzSlowCall { index: number; kind: 'condition' | 'rules'; call: string; ms: number; input: string }
export interface FuzzReport {
  runs: number;
  conditions: number;
  rulesFiles: number;
  accepted: number;
  compiled: number;
  evaluations: number;
  failures: FuzzFailure[];
  slow: FuzzSlowCall[];
  maxMs: Record<string, number>;
}
export function fuzz(
  api: unknown,
  options?: {
    runs?: number;
    seed?: number;
    start?: number;
    budgetMs?: number;
    onProgress?: (report: FuzzReport, n: number) => void;
    onProblem?: (what: 'FAIL' | 'SLOW', problem: FuzzFailure | FuzzSlowCall) => void;
  },
): FuzzReport;
