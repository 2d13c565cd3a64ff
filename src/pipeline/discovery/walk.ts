import { opendir } from 'node:fs/promises';
import path from 'node:path';

/** A file found, or a folder whose whole subtree has now been walked (so what it holds is complete). */
export type WalkEvent = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'left'; readonly dir: string };

/** For a folder met on the walk: take everything below it, look inside for matches, or leave it out. */
export type FolderMode = 'all' | 'search' | 'skip';

export interface WalkSelector {
  /** In a folder being searched: whether this file counts. */
  file(filePath: string): boolean;
  /** A folder inside a searched folder, `depth` levels below the root (1 = a child of the root). */
  folder(dirPath: string, depth: number): FolderMode;
}

export const TAKE_ALL: WalkSelector = { file: () => true, folder: () => 'all' };

interface Frame {
  readonly dir: string;
  readonly depth: number;
  readonly mode: 'all' | 'search';
  /** Sub-folders still to walk, filled when the folder has been read. */
  subfolders: { readonly dir: string; readonly mode: 'all' | 'search' }[] | null;
}

/**
 * Walks a folder depth-first, lazily: each folder's files are yielded as the folder is read (no listing first),
 * then its sub-folders are walked one by one, then `left` says the folder's subtree is done. Only the names of the
 * sub-folders of the folders on the current path are held. Unreadable sub-folders are passed over.
 */
export async function* walkTree(root: string, selector: WalkSelector, rootMode: 'all' | 'search', signal?: AbortSignal): AsyncGenerator<WalkEvent> {
  const stack: Frame[] = [{ dir: root, depth: 0, mode: rootMode, subfolders: null }];
  while (stack.length > 0) {
    if (signal?.aborted) return;
    const frame = stack[stack.length - 1];
    if (frame.subfolders === null) {
      frame.subfolders = [];
      let handle;
      try {
        handle = await opendir(frame.dir, { bufferSize: 256 });
      } catch {
        handle = null; // unreadable sub-folder: nothing to yield from it
      }
      if (handle) {
        for await (const entry of handle) {
          if (signal?.aborted) return;
          const full = path.join(frame.dir, entry.name);
          if (entry.isDirectory()) {
            const mode = frame.mode === 'all' ? 'all' : selector.folder(full, frame.depth + 1);
            if (mode !== 'skip') frame.subfolders.push({ dir: full, mode });
          } else if ((entry.isFile() || entry.isSymbolicLink()) && (frame.mode === 'all' || selector.file(full))) {
            yield { kind: 'file', path: full };
          }
        }
      }
      frame.subfolders.reverse(); // popped from the end: walked in the order read
    }
    const next = frame.subfolders.pop();
    if (next) stack.push({ dir: next.dir, depth: frame.depth + 1, mode: next.mode, subfolders: null });
    else {
      stack.pop();
      yield { kind: 'left', dir: frame.dir };
    }
  }
}
