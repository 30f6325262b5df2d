/**
 * A real, small disk for full-disk tests: a tmpfs of a few megabytes, which needs root (mount).
 * `fill` takes every free byte with a filler file, so the next write that needs space fails with
 * ENOSPC as on a full production disk; `free` deletes the filler.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A mounted small disk. */
export interface SmallDisk {
  dir: string;
  fill(): void;
  free(): void;
  unmount(): void;
}

/** True when this process may mount a tmpfs (it runs as root). */
export const canMountSmallDisk = process.getuid?.() === 0;

/** Mounts a tmpfs of `megabytes` on a fresh directory. */
export function mountSmallDisk(megabytes: number): SmallDisk {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lowform-small-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', dir]);
  const filler = path.join(dir, 'filler');
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a');
      try {
        // Large chunks, then page-sized ones, until not one more page fits.
        for (const size of [1024 * 1024, 64 * 1024, 4096, 512]) {
          const chunk = Buffer.alloc(size, 1);
          try {
            for (;;) writeSync(fd, chunk);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
          }
        }
      } finally {
        closeSync(fd);
      }
    },
    free() {
      rmSync(filler, { force: true });
    },
    unmount() {
      execFileSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
