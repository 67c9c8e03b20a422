import type { ClientRequest } from 'node:http'
import tailwindcss from '@tailwindcss/vite'
import { tanstackStart } from '@tanstack/react-start/plugin/vite'
import viteReact from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The Dormouse server that `npm run dev` proxies to. Run one with `PORT=8080 java -jar server/target/dormouse.jar`.
const dormouseUrl = process.env.DORMOUSE_URL ?? 'http://localhost:8080'
const dormouseOrigin = new URL(dormouseUrl).origin

export default defineConfig({
  server: {
    proxy: {
      '/api': {
        target: dormouseUrl,
        changeOrigin: true,
        // Also forwards the WebSocket upgrade of /api/chat/{roomId}.
        ws: true,
        // The server refuses socket upgrades and sign-ins whose Origin is not its own (so that
        // another site cannot act with its users' cookies). Through this proxy the page's origin
        // is the dev server's, so both are passed on as if they came from the server's own
        // origin: acceptable for a proxy that only a developer's browser uses.
        configure: (proxy) => {
          const asServerOrigin = (proxyReq: ClientRequest) => {
            if (proxyReq.getHeader('origin') !== undefined) proxyReq.setHeader('origin', dormouseOrigin)
          }
          proxy.on('proxyReq', asServerOrigin)
          proxy.on('proxyReqWs', asServerOrigin)
        },
      },
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
