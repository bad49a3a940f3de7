#!/usr/bin/env node
// Thin launcher for the compiled CLI, so `npx lantern …` works after `npm run build`.
try {
  await import('../dist/cli/main.js');
} catch (error) {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    console.error(
      'Lantern is not built yet. Run `npm run build` first, or use `npm run lantern -- <command>`.',
    );
    process.exit(1);
  }
  throw error;
}
