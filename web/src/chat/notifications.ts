// The browser's Notification API, used only while the tab is hidden and only once the person
// allowed it from a control: a permission prompt on load is what browsers penalise and people
// refuse.

export type NotificationPermissionState = 'unsupported' | NotificationPermission

export function notificationPermission(): NotificationPermissionState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission
}

/** Asks for the permission; call it only from a click. */
export async function askNotificationPermission(): Promise<NotificationPermissionState> {
  if (typeof Notification === 'undefined') return 'unsupported'
  return Notification.requestPermission()
}

/** Shows a notification if the tab is hidden and the person allowed them; one per `tag` at a time. */
export function notifyWhileHidden(title: string, body: string, tag: string): void {
  if (typeof document === 'undefined' || document.visibilityState !== 'hidden') return
  if (notificationPermission() !== 'granted') return
  try {
    const note = new Notification(title, { body, tag })
    note.onclick = () => {
      window.focus()
      note.close()
    }
  } catch {
    // Some browsers (Chrome on Android) only notify through a service worker: go without.
  }
}
