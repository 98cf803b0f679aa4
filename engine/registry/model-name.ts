/**
 * A registered model's name: it appears in URLs (/models/<name>, /api/v1/models/<name>/predict), so
 * letters, digits, '.', '_' and '-' only, starting with a letter or digit.
 */
export const MODEL_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const MODEL_NAME_RULE = "Use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. penguin-species).";

/** What is wrong with `name` as a model name, or null when it is fine. */
export function checkModelName(name: string): string | null {
  if (MODEL_NAME_PATTERN.test(name)) return null;
  if (name.trim() === '') return `Give the model a name. ${MODEL_NAME_RULE}`;
  return `'${name}' cannot name a model. ${MODEL_NAME_RULE}`;
}
