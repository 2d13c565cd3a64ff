/** A command-line triple such as a spacing "0.7,0.7,1" or a shape "256,256,200": three positive numbers. */
export function tripleArg(text: string): [number, number, number] {
  const v = text.split(',').map(Number);
  if (v.length !== 3 || v.some((x) => !(x > 0))) throw new Error(`expected three positive numbers, got '${text}'`);
  return v as [number, number, number];
}
