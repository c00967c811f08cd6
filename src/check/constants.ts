import { canonicalOperator, checkOperator, type FieldType } from '../language/types.js';
import { splitOperator } from '../language/vocabulary.js';
import { parseConstant, type Constant } from '../values/constants.js';

/** Why a check cannot be compiled: upstream's message, and our code for it (chosen from where it failed). */
export interface ConstantsError {
  error: string;
  code: 'operator-type' | 'invalid-value' | 'invalid-regex';
  /** Which of the values failed (for a value's problem). */
  index?: number;
}

/**
 * The operator check and the constants parsed for `type`, or upstream's first error (`filter error: …`,
 * `… is not a valid number`, `invalid regex pattern: …`). `values` are the right-hand texts (one for a scalar
 * operator, the list items otherwise); `op` may carry its modifier (`startswith oneof`) when `modifier` is unset.
 */
export function parseAll(
  op: string,
  modifier: string | undefined,
  type: FieldType,
  isList: boolean,
  values: readonly (string | Uint8Array)[],
): Constant[] | ConstantsError {
  let base = op;
  let mod = modifier;
  if (mod === undefined) ({ op: base, modifier: mod } = splitOperator(op));
  const err = checkOperator(base, mod, type, isList);
  if (err !== undefined) return { error: err, code: 'operator-type' };
  const constants: Constant[] = [];
  if (canonicalOperator(base) !== 'exists') {
    for (let index = 0; index < values.length; index++) {
      const c = parseConstant(values[index]!, type, base);
      if ('error' in c) return { error: c.error, code: c.regex ? 'invalid-regex' : 'invalid-value', index };
      constants.push(c);
    }
  }
  return constants;
}
