// Starts and stops the Dormouse server jar for the end-to-end tests. The state (pid, port, data
// folder) lives in a JSON file whose path is in DORMOUSE_E2E_STATE, so that a test running in a
// worker process can restart the server that the global setup started.
import { spawn } from 'node:child_process'
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export type ServerState = {
  pid: number
  port: number
  baseUrl: string
  dataDir: string
  jar: string
  java: string
  logFile: string
}

const STATE_ENV = 'DORMOUSE_E2E_STATE'

export function jarPath(): string {
  return resolve(process.env.DORMOUSE_JAR ?? join(import.meta.dirname, '..', '..', 'server', 'target', 'dormouse.jar'))
}

export function javaPath(): string {
  const home = process.env.JAVA_HOME ?? '/usr/lib/jvm/temurin-25-jdk-amd64'
  return join(home, 'bin', 'java')
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer()
    probe.unref()
    probe.on('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      probe.close(() => resolvePort(port))
    })
  })
}

/** Polls `GET /api/health` until it answers 200: no fixed sleeps. */
export async function waitForHealth(baseUrl: string, timeoutMs = 60_000, pid?: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let lastError = 'no answer yet'
  while (Date.now() < deadline) {
    if (pid !== undefined && !isRunning(pid)) throw new Error(`The server (pid ${pid}) exited while starting`)
    try {
      const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) })
      if (response.status === 200) return
      lastError = `status ${response.status}`
    } catch (error) {
      lastError = String(error)
    }
    await new Promise((next) => setTimeout(next, 150))
  }
  throw new Error(`The server at ${baseUrl} did not become healthy in ${timeoutMs} ms: ${lastError}`)
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Starts the jar in the background, detached, so that it outlives the process that started it. */
export async function startServer(options: {
  port: number
  dataDir: string
  jar?: string
  java?: string
  logFile?: string
  /** Settings for this server, on top of this process's environment. */
  env?: Record<string, string>
  /** False for an extra server of one test: the state file keeps naming the shared one. */
  remember?: boolean
}): Promise<ServerState> {
  const jar = options.jar ?? jarPath()
  const java = options.java ?? javaPath()
  if (!existsSync(jar)) throw new Error(`No server jar at ${jar}: build it first (mvn package), or set DORMOUSE_JAR`)
  const logFile = options.logFile ?? join(options.dataDir, '..', 'server.log')
  const log = openSync(logFile, 'a')
  const child = spawn(java, ['-jar', jar], {
    env: { ...process.env, ...LIFTED_BUDGETS, ...options.env, PORT: String(options.port), DATA_DIR: options.dataDir },
    stdio: ['ignore', log, log],
    detached: true,
  })
  closeSync(log)
  child.unref()
  if (child.pid === undefined) throw new Error(`Could not start ${java}`)
  const state: ServerState = {
    pid: child.pid,
    port: options.port,
    baseUrl: `http://127.0.0.1:${options.port}`,
    dataDir: options.dataDir,
    jar,
    java,
    logFile,
  }
  if (options.remember ?? true) saveState(state)
  await waitForHealth(state.baseUrl, 60_000, child.pid)
  return state
}

/** Sends SIGTERM and waits until the process is gone (SIGKILL after a grace period). */
export async function stopServer(state: ServerState = serverState(), graceMs = 30_000): Promise<void> {
  if (!isRunning(state.pid)) return
  process.kill(state.pid, 'SIGTERM')
  const deadline = Date.now() + graceMs
  while (isRunning(state.pid)) {
    if (Date.now() > deadline) {
      process.kill(state.pid, 'SIGKILL')
      break
    }
    await new Promise((next) => setTimeout(next, 100))
  }
  while (isRunning(state.pid)) await new Promise((next) => setTimeout(next, 50))
}

/**
 * Every browser and the seeding helper connect from 127.0.0.1, and some tests seed a thousand
 * messages, so the per-address and per-room budgets, which stand against many free identities, are
 * lifted for every e2e server (the server's own tests check them). Per-socket and per-person limits
 * stay as shipped.
 */
const LIFTED_BUDGETS = {
  ADDRESS_SEND_BURST: '100000',
  ADDRESS_SEND_PER_SECOND: '100000',
  ROOM_POST_BURST: '100000',
  ROOM_POSTS_PER_SECOND: '100000',
}

/** Starts the same jar again on the same port and data folder. */
export async function startAgain(state: ServerState = serverState()): Promise<ServerState> {
  return startServer({
    port: state.port,
    dataDir: state.dataDir,
    jar: state.jar,
    java: state.java,
    logFile: state.logFile,
  })
}

export function newDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'dormouse-e2e-'))
}

export function stateFile(): string {
  const file = process.env[STATE_ENV]
  if (!file) throw new Error(`${STATE_ENV} is not set: run the tests through playwright test`)
  return file
}

export function useStateFile(file: string): void {
  process.env[STATE_ENV] = file
}

function saveState(state: ServerState): void {
  writeFileSync(stateFile(), JSON.stringify(state, null, 2))
}

export function serverState(): ServerState {
  return JSON.parse(readFileSync(stateFile(), 'utf8')) as ServerState
}
