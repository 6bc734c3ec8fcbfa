/**
 * The harness's stand-in for Electron's desktop capture stream (voice's screen sharing): the app
 * asks getUserMedia for `chromeMediaSource: 'desktop'` with the id main gave; in the harness
 * that id is `harness:<display|window>:<id>` and names a capture fixture. The stream is a canvas
 * showing the fixture's PNG, redrawn when the file changes (polled), so a test or the bench
 * changes "the screen" by writing a new picture. Like a real screen stream, a still picture
 * produces no new frames. Everything else goes to the real getUserMedia (the fake camera).
 */

const POLL_MS = 100

interface DesktopConstraints {
  mandatory?: { chromeMediaSource?: string; chromeMediaSourceId?: string }
}

function harnessSource(constraints: MediaStreamConstraints | undefined): { kind: string; id: string } | undefined {
  const video = constraints?.video as DesktopConstraints | undefined
  const sourceId = video?.mandatory?.chromeMediaSource === 'desktop' ? video.mandatory.chromeMediaSourceId : undefined
  const m = sourceId ? /^harness:(display|window):(.+)$/.exec(sourceId) : null
  return m ? { kind: m[1], id: m[2] } : undefined
}

async function fixtureStream(kind: string, id: string): Promise<MediaStream> {
  const url = `/__harness/share/${kind}/${encodeURIComponent(id)}`
  const fetchPicture = async (): Promise<Blob | undefined> => {
    const res = await fetch(url, { cache: 'no-store' })
    return res.ok ? res.blob() : undefined
  }
  const first = await fetchPicture()
  if (!first) throw new DOMException('That screen is gone', 'NotFoundError')
  const bitmap = await createImageBitmap(first)
  const canvas = document.createElement('canvas')
  canvas.width = bitmap.width
  canvas.height = bitmap.height
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D
  ctx.drawImage(bitmap, 0, 0)
  const stream = canvas.captureStream()
  let lastBytes = new Uint8Array(await first.arrayBuffer())
  const track = stream.getVideoTracks()[0]
  const timer = setInterval(() => {
    void fetchPicture()
      .then(async (blob) => {
        if (!blob || track.readyState === 'ended') return
        const bytes = new Uint8Array(await blob.arrayBuffer())
        if (bytes.length === lastBytes.length && bytes.every((b, i) => b === lastBytes[i])) return
        ctx.drawImage(await createImageBitmap(blob), 0, 0, canvas.width, canvas.height)
        lastBytes = bytes
        // When "the screen" changed, on the wall clock (the voice bench's frame_change_to_sent_ms).
        ;(window as unknown as { __harnessShareChangedAt?: number }).__harnessShareChangedAt = performance.timeOrigin + performance.now()
      })
      // A picture that does not decode (being rewritten) is skipped: the next poll reads it whole.
      .catch(() => undefined)
  }, POLL_MS)
  track.addEventListener('ended', () => clearInterval(timer))
  const stop = track.stop.bind(track)
  track.stop = () => {
    clearInterval(timer)
    stop()
  }
  return stream
}

export function installShareStandIn(): void {
  const devices = navigator.mediaDevices
  if (!devices?.getUserMedia) return
  const real = devices.getUserMedia.bind(devices)
  devices.getUserMedia = (constraints?: MediaStreamConstraints): Promise<MediaStream> => {
    const source = harnessSource(constraints)
    return source ? fixtureStream(source.kind, source.id) : real(constraints)
  }
}
