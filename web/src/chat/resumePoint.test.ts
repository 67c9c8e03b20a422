import { describe, expect, it } from 'vitest'
import { ResumePoint } from './resumePoint'

describe('resume point', () => {
  it('has no since before the first history, then the highest seq of it', () => {
    const point = new ResumePoint()
    point.ready(3, 'e1')
    expect(point.seq).toBeNull()
    point.joined(3)
    expect(point.historyDone()).toBe(3)
    expect(point).toMatchObject({ seq: 3, epoch: 'e1' })
  })

  it('takes the room seq of ready when the history ends in changes', () => {
    const point = new ResumePoint()
    point.ready(7, 'e1')
    point.joined(4)
    point.historyDone()
    expect(point.seq).toBe(7)
  })

  it('resumes after a gap the server could not replay, on a first join as on a resume', () => {
    const first = new ResumePoint()
    first.ready(300, 'e1')
    first.gap(1, 200)
    first.joined(0)
    expect(first.seq).toBe(200)

    const resumed = new ResumePoint()
    resumed.joined(5)
    resumed.connecting()
    resumed.ready(300, 'e1')
    resumed.gap(6, 250)
    expect(resumed.seq).toBe(250)
    resumed.replayed(300)
    expect(resumed.seq).toBe(300)
  })

  it('forgets the last connection’s gap when a new one starts', () => {
    const point = new ResumePoint()
    point.ready(300, 'e1')
    point.gap(1, 200)
    point.reset()
    point.connecting()
    point.joined(10)
    expect(point.seq).toBe(10)
  })

  it('names the hole before a live entry, and none for a repeat or the next seq', () => {
    const point = new ResumePoint()
    point.joined(10)
    expect(point.follow(11)).toBeNull()
    expect(point.follow(15)).toEqual({ from: 12, to: 14 })
    expect(point.follow(13)).toBeNull()
    expect(point.seq).toBe(15)
  })

  it('names no hole while it holds no position, as after a reset', () => {
    const point = new ResumePoint()
    point.joined(10)
    point.reset()
    expect(point.seq).toBeNull()
    expect(point.follow(50)).toBeNull()
  })

  it('keeps the resume point when a history without a ready comes', () => {
    const point = new ResumePoint()
    point.joined(10)
    point.connecting()
    expect(point.historyDone()).toBeNull()
    expect(point.seq).toBe(10)
  })
})
