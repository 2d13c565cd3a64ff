/** An input the user gave cannot be used (not found, a manifest without a path column): a usage error. */
export class InputError extends Error {}
