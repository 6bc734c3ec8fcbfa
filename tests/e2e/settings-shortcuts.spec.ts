/**
 * Settings' global shortcuts and Voice section against the web harness (issue 19): the one key
 * recorder for the screenshot's and the companion's shortcut (keys recorded and shown the
 * platform's way — the harness runs on Linux: Ctrl+Shift+K —, Esc cancels without closing
 * Settings, main registers before saving, Turn off / Reset), the two shortcuts refused the same
 * keys by name, and a Voice setting that is still there after a reload.
 */
import { expect, test, type Page } from './fixtures'

async function openSettingsPage(page: Page, section: 'shortcuts' | 'companion' | 'voice'): Promise<void> {
  await page.getByTestId('settings-open').click()
  await page.getByTestId(`settings-nav-${section}`).click()
  await expect(page.getByTestId('settings')).toHaveAttribute('data-section', section)
}

test('the screenshot shortcut is recorded from the keys, shown the platform’s way, registered by main; Esc cancels', async ({
  seededApp: page,
  harness
}) => {
  await openSettingsPage(page, 'shortcuts')
  const recorder = page.getByTestId('settings-capture-shortcut')
  const status = page.getByTestId('capture-shortcut-status')
  await expect(recorder).toHaveText('Ctrl+Shift+2')
  await expect(status).toHaveText('Active: Ctrl+Shift+2 starts a region screenshot from any app.')
  // The default needs no "Reset".
  await expect(page.getByTestId('capture-shortcut-default')).toHaveCount(0)

  // Esc stops recording and leaves Settings open; nothing is sent to main.
  await recorder.click()
  await expect(recorder).toHaveAttribute('data-recording', 'true')
  await expect(recorder).toHaveText('Press the keys… (Esc cancels)')
  await page.keyboard.press('Escape')
  await expect(recorder).toHaveAttribute('data-recording', 'false')
  await expect(page.getByTestId('settings')).toBeVisible()
  await expect(recorder).toHaveText('Ctrl+Shift+2')

  await recorder.click()
  await page.keyboard.press('Control+Shift+K')
  await expect(page.getByTestId('capture-shortcut-feedback')).toHaveText('Saved: Ctrl+Shift+K.')
  await expect(recorder).toHaveText('Ctrl+Shift+K')
  await expect(status).toHaveText('Active: Ctrl+Shift+K starts a region screenshot from any app.')
  expect(harness.capture.registeredShortcuts()).toEqual(['Control+Shift+K'])
  expect((await harness.handlers.settings.get()).captureShortcut).toBe('Control+Shift+K')
  // The new keys are the ones main listens to (capture.spec.ts follows a press to the overlay).
  expect(harness.capture.pressShortcut('Control+Shift+K')).toBe(true)
  expect(harness.capture.pressShortcut('CommandOrControl+Shift+2')).toBe(false)
})

test('Turn off releases the screenshot shortcut; Reset brings the default back', async ({ seededApp: page, harness }) => {
  await openSettingsPage(page, 'shortcuts')
  const recorder = page.getByTestId('settings-capture-shortcut')
  await page.getByTestId('capture-shortcut-off').click()
  await expect(recorder).toHaveText('Off')
  await expect(page.getByTestId('capture-shortcut-status')).toHaveAttribute('data-state', 'disabled')
  await expect.poll(() => harness.capture.registeredShortcuts()).toEqual([])
  expect((await harness.handlers.settings.get()).captureShortcut).toBe('')

  await page.getByTestId('capture-shortcut-default').click()
  await expect(recorder).toHaveText('Ctrl+Shift+2')
  await expect(page.getByTestId('capture-shortcut-status')).toHaveAttribute('data-state', 'registered')
  expect(harness.capture.registeredShortcuts()).toEqual(['CommandOrControl+Shift+2'])
  expect((await harness.handlers.settings.get()).captureShortcut).toBe('CommandOrControl+Shift+2')
})

test('the two global shortcuts can’t share keys: refused by name, the working one kept, a free one offered', async ({ seededApp: page, harness }) => {
  // The screenshot shortcut asked for the companion's keys.
  await openSettingsPage(page, 'shortcuts')
  await page.getByTestId('settings-capture-shortcut').click()
  await page.keyboard.press('Alt+Space')
  const captureFeedback = page.getByTestId('capture-shortcut-feedback')
  await expect(captureFeedback).toHaveAttribute('data-kind', 'refused')
  await expect(captureFeedback).toContainText('Alt+Space already shows the companion window: choose other keys. Still using Ctrl+Shift+2.')
  await expect(page.getByTestId('settings-capture-shortcut')).toHaveText('Ctrl+Shift+2')
  expect(harness.capture.registeredShortcuts()).toEqual(['CommandOrControl+Shift+2'])
  expect(harness.companion.registeredShortcuts()).toEqual(['Alt+Space'])
  expect((await harness.handlers.settings.get()).captureShortcut).toBe('CommandOrControl+Shift+2')
  await expect(captureFeedback.getByTestId('capture-shortcut-feedback-suggestion')).toHaveText('Use Alt+Shift+2')

  // The companion's shortcut asked for the screenshot's keys (Ctrl is CommandOrControl on Linux).
  // Both global shortcuts are on the same page.
  await page.getByTestId('companion-shortcut-recorder').click()
  await page.keyboard.press('Control+Shift+2')
  const companionFeedback = page.getByTestId('companion-shortcut-feedback')
  await expect(companionFeedback).toHaveAttribute('data-kind', 'refused')
  await expect(companionFeedback).toContainText('Ctrl+Shift+2 already takes a screenshot: choose other keys. Still using Alt+Space.')
  expect(harness.companion.registeredShortcuts()).toEqual(['Alt+Space'])
  expect((await harness.handlers.settings.get()).companionShortcut).toBe('Alt+Space')
})

test('a Voice setting changed in Settings is still there after a reload', async ({ seededApp: page, harness }) => {
  await openSettingsPage(page, 'voice')
  const voice = page.getByTestId('settings-voice')
  await voice.getByTestId('settings-voice-mode').selectOption('pipeline')
  await expect.poll(async () => (await harness.handlers.settings.get()).voiceMode).toBe('pipeline')
  // The voice view's list of voices, from main.
  await expect(voice.getByTestId('settings-voice-name').locator('option')).not.toHaveCount(1)
  await voice.getByTestId('settings-voice-name').selectOption('verse')
  const silence = voice.getByTestId('settings-voice-silence')
  await silence.fill('900')
  await silence.press('Enter')
  const instructions = voice.getByTestId('settings-voice-instructions')
  await instructions.fill('Keep answers short.')
  await instructions.blur()
  await expect.poll(async () => (await harness.handlers.settings.get()).voiceInstructions).toBe('Keep answers short.')
  const saved = await harness.handlers.settings.get()
  expect(saved).toMatchObject({ voiceMode: 'pipeline', voiceName: 'verse', voiceSilenceMs: 900 })

  await page.reload()
  await openSettingsPage(page, 'voice')
  await expect(voice.getByTestId('settings-voice-mode')).toHaveValue('pipeline')
  await expect(voice.getByTestId('settings-voice-name')).toHaveValue('verse')
  await expect(voice.getByTestId('settings-voice-silence')).toHaveValue('900')
  await expect(voice.getByTestId('settings-voice-instructions')).toHaveValue('Keep answers short.')
})
