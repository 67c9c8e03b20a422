import tailwindcss from '@tailwindcss/vite'
import { tanstackStart } from '@tanstack/react-start/plugin/vite'
import viteReact from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The Dormouse server that `npm run dev` proxies to. Run one with `PORT=8080 java -jar server/target/dormouse.jar`.
const dormouseUrl = process.env.DORMOUSE_URL ?? 'http://localhost:8080'

export default defineConfig({
  server: {
    proxy: {
      // `ws: true` also forwards the WebSocket upgrade of /api/chat/{roomId}.
      '/api': { target: dormouseUrl, changeOrigin: true, ws: true },
    },
  },
  plugins: [
    tailwindcss(),
    // SPA mode: the build writes a static shell (dist/client/_shell.html) that the server
    // returns for every client route; nothing is rendered on the server at run time.
    tanstackStart({ spa: { enabled: true } }),
    viteReact(),
  ],
})
