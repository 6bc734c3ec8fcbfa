/**
 * Settings field for the global screenshot shortcut: the one shortcut field
 * (components/ShortcutField.tsx) on main's capture.shortcutStatus / capture.setShortcut, with
 * the screenshot's default and the companion's shortcut as the other one (its keys are refused).
 * Main registers the new shortcut first and saves it only when that worked.
 */
import { useMemo, type ReactElement } from 'react'
import { DEFAULT_CAPTURE_SHORTCUT } from '../../../shared/capture/accelerator'
import { DEFAULT_COMPANION_SHORTCUT } from '../../../shared/companion/accelerator'
import { ShortcutField, type ShortcutChannel } from '../components/ShortcutField'
import { useAppState } from '../state/hooks'
import { pageApi } from '../api'

/** Main's capture-shortcut channels; undefined where the page has no bridge. */
function captureChannel(): ShortcutChannel | undefined {
  const capture = pageApi()?.capture
  if (!capture) return undefined
  return {
    status: () => capture.shortcutStatus(),
    onStatus: (listener) => capture.onShortcutStatus(listener),
    set: (accelerator) => capture.setShortcut({ accelerator })
  }
}

export function CaptureShortcutField(props: { id: string; value: string }): ReactElement {
  const companionShortcut = useAppState((s) => s.settings?.companionShortcut) ?? DEFAULT_COMPANION_SHORTCUT
  const channel = useMemo(captureChannel, [])
  return (
    <ShortcutField
      kind="capture"
      id={props.id}
      value={props.value}
      defaultAccelerator={DEFAULT_CAPTURE_SHORTCUT}
      other={companionShortcut}
      channel={channel}
    />
  )
}
