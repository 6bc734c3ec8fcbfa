/**
 * Puts text into a React-controlled textarea from outside its component (Up recalls the last
 * prompt into the shared Composer without changing it): the value is set through the native
 * setter, then an 'input' event lets React's onChange see it, as typing would.
 */
export function setTextareaValue(el: HTMLTextAreaElement, value: string): void {
  const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set
  if (setter) setter.call(el, value)
  else el.value = value
  el.dispatchEvent(new Event('input', { bubbles: true }))
  el.setSelectionRange(value.length, value.length)
}
