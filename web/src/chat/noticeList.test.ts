import { describe, expect, it } from 'vitest'
import { NoticeList } from './noticeList'
import { FakeClock } from './testSupport'

function setup() {
  const clock = new FakeClock()
  let changes = 0
  const notices = new NoticeList(clock, () => changes++)
  return { clock, notices, changes: () => changes }
}

describe('notice list', () => {
  it('shows a notice once while it is on screen, and drops it after ten seconds', () => {
    const { clock, notices, changes } = setup()
    notices.add('error', 'Could not load older messages.')
    notices.add('error', 'Could not load older messages.')
    expect(notices.all).toEqual([{ id: 1, tone: 'error', text: 'Could not load older messages.' }])
    clock.advance(9_999)
    expect(notices.all).toHaveLength(1)
    clock.advance(1)
    expect(notices.all).toEqual([])
    expect(changes()).toBe(2)
  })

  it('dismisses one notice and keeps the others', () => {
    const { clock, notices } = setup()
    notices.add('info', 'first')
    notices.add('info', 'second')
    notices.dismiss(1)
    notices.dismiss(1)
    expect(notices.all.map((notice) => notice.text)).toEqual(['second'])
    notices.stop()
    expect(clock.pendingTimers()).toBe(0)
  })
})
