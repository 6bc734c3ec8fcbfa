/** The parts of a settings section (main window settings, the companion's and the tools' sections). */
import { useEffect, useId, useState, type ReactElement, type ReactNode } from 'react'

/**
 * One setting: its label (and hint) beside its control. `field` names it for Settings' search
 * and deep links (`view.openSettings({ field })` scrolls to it and focuses its control).
 */
export function Row(props: {
  label: string
  htmlFor?: string
  hint?: ReactNode
  field?: string
  children: ReactNode
}): ReactElement {
  return (
    <div className="od-settings-row" data-settings-field={props.field}>
      <div className="od-settings-row-text">
        {props.htmlFor ? (
          <label htmlFor={props.htmlFor} className="od-settings-label">
            {props.label}
          </label>
        ) : (
          <span className="od-settings-label">{props.label}</span>
        )}
        {/* div, not p: a hint may hold block content. */}
        {props.hint ? <div className="od-field-hint">{props.hint}</div> : null}
      </div>
      <div className="od-settings-row-control">{props.children}</div>
    </div>
  )
}

export function Section(props: { title: string; children: ReactNode; testId?: string }): ReactElement {
  const id = useId()
  return (
    <section className="od-settings-section" aria-labelledby={id} data-testid={props.testId}>
      <h3 id={id} className="od-settings-section-title">
        {props.title}
      </h3>
      <div className="od-settings-rows">{props.children}</div>
    </section>
  )
}


/** A setting's on/off switch: a checkbox with the switch role and look, saved on each change. */
export function SwitchInput(props: {
  id: string
  testId: string
  checked: boolean
  onChange: (checked: boolean) => void
}): ReactElement {
  return (
    <input
      id={props.id}
      type="checkbox"
      className="od-switch"
      role="switch"
      data-testid={props.testId}
      checked={props.checked}
      onChange={(e) => props.onChange(e.target.checked)}
    />
  )
}

/** A text setting saved when the user leaves the field (or presses Enter), not per keystroke. */
export function CommitInput(props: {
  id: string
  testId: string
  value: string
  placeholder?: string
  list?: string
  onCommit: (value: string) => void
}): ReactElement {
  const [draft, setDraft] = useState(props.value)
  useEffect(() => setDraft(props.value), [props.value])
  const commit = (): void => {
    if (draft.trim() !== props.value) props.onCommit(draft.trim())
  }
  return (
    <input
      id={props.id}
      className="od-input"
      data-testid={props.testId}
      value={draft}
      placeholder={props.placeholder}
      list={props.list}
      spellCheck={false}
      autoComplete="off"
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
          e.preventDefault()
          commit()
        }
      }}
    />
  )
}
