import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { freePort, newDataDir, startServer, useStateFile } from './server'

export default async function globalSetup(): Promise<void> {
  const root = newDataDir()
  const dataDir = join(root, 'data')
  mkdirSync(dataDir)
  // Set before the workers start, so they inherit it.
  useStateFile(join(root, 'server.json'))
  const state = await startServer({ port: await freePort(), dataDir })
  console.log(`Dormouse e2e server: ${state.baseUrl} (pid ${state.pid}, data ${dataDir}, log ${state.logFile})`)
}
