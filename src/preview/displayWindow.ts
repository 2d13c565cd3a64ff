import { LUNG_WINDOW, type DisplayWindow } from '../stages/window.js';

/** Soft tissue: fat, muscle, heart and vessels outside the lung. */
export const MEDIASTINUM_WINDOW: DisplayWindow = { level: 40, width: 400 };

export const NAMED_WINDOWS: Readonly<Record<string, DisplayWindow>> = { lung: LUNG_WINDOW, mediastinum: MEDIASTINUM_WINDOW };

/** `lung`, `mediastinum` or `LEVEL,WIDTH` in HU (width > 0). */
export function parseWindow(text: string): DisplayWindow {
  const named = NAMED_WINDOWS[text.trim().toLowerCase()];
  if (named) return named;
  const parts = text.split(',').map((p) => p.trim());
  const [level, width] = parts.map(Number);
  if (parts.length !== 2 || parts.some((p) => p === '') || !Number.isFinite(level) || !(width > 0 && Number.isFinite(width))) {
    throw new RangeError(`a window is lung, mediastinum or LEVEL,WIDTH in HU with WIDTH > 0 (e.g. -600,1500), got '${text}'`);
  }
  return { level, width };
}
