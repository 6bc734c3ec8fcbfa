/**
 * A failed export or import: main's own sentence (it says what happened and what to do, in the
 * UI's language) when it sent one, else the generic words for the error's code.
 */
import type { ReactElement } from 'react'
import type { ErrorInfo } from '../../../shared/errors'
import { ErrorText } from '../components/ErrorPanel'

export function TransferError(props: { error: ErrorInfo; testId: string }): ReactElement {
  const { error } = props
  const ours = error.code === 'bad_request' || error.code === 'not_found'
  return (
    <div className="od-connection-result od-fail od-transfer-error" data-testid={props.testId} role="alert" data-error-code={error.code}>
      {ours && error.detail ? <p className="od-error-message">{error.detail}</p> : <ErrorText error={error} />}
    </div>
  )
}
