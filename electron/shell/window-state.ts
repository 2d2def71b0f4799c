/** Where the window was, kept between runs in a small versioned file (`window.json`). */
import { z } from 'zod';
import { RecordFile } from '../desk/record-file.js';
import type { WindowBounds } from './window-options.js';

const Bounds = z.object({ x: z.number().int().optional(), y: z.number().int().optional(), width: z.number().int().min(200), height: z.number().int().min(200) });
const FORMAT = { format: 'switchyard.window', version: 1 } as const;
const DEFAULT_BOUNDS: WindowBounds = { width: 1280, height: 820 };

export class WindowState {
  private readonly file: RecordFile<WindowBounds>;

  constructor(file: string) {
    this.file = new RecordFile(file, FORMAT, Bounds, { what: 'the window position', debounceMs: 500 });
  }

  async load(): Promise<WindowBounds> {
    const { records } = await this.file.load();
    return records[0] ?? DEFAULT_BOUNDS;
  }

  save(bounds: WindowBounds): void {
    this.file.save([bounds]);
  }

  flush(): Promise<void> {
    return this.file.flush();
  }
}
