import { rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { serverState, stopServer } from './server'

export default async function globalTeardown(): Promise<void> {
  const state = serverState()
  await stopServer(state)
  if (!process.env.DORMOUSE_E2E_KEEP) rmSync(dirname(state.dataDir), { recursive: true, force: true })
}
