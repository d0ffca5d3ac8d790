/**
 * Compiles `int8-dot.wat` to the `int8-dot.wasm` the product loads (run after editing the
 * kernel: `npx tsx indexes/vector/src/compile-kernel.ts` from the repository root, or the
 * package script `build:kernel`; a test checks the two agree).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabt from 'wabt';

export const KERNEL_SOURCE = new URL('./int8-dot.wat', import.meta.url);
export const KERNEL_BINARY = new URL('./int8-dot.wasm', import.meta.url);

/** The kernel's WebAssembly binary, compiled from its text. */
export async function compileKernel(): Promise<Uint8Array> {
  const tools = await wabt();
  const module = tools.parseWat('int8-dot.wat', readFileSync(KERNEL_SOURCE, 'utf8'), { simd: true });
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(KERNEL_BINARY, await compileKernel());
  process.stdout.write(`written ${fileURLToPath(KERNEL_BINARY)}\n`);
}
