import { defineConfig } from 'vitest/config'

// Unit tests only: no TanStack Start plugin, so they need neither a router tree nor a browser.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
  },
})
