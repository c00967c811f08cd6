export interface Random {
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
}
export interface GeneratedCase {
  input: string;
  maxDepth?: number;
  family: string;
}
export const TRANSFORMER_NAMES: string[];
export function rng(seed: number): Random;
export function genCondition(r: Random, opts?: { odd?: number; maxNest?: number; real?: boolean }): string;
export function mutate(r: Random, s: string): string;
export function genNested(r: Random, maxDepth?: number): GeneratedCase;
export function genTargeted(r: Random): GeneratedCase;
export function parserCases(seed: number, n: number): GeneratedCase[];
export function genRulesFile(r: Random): string;
