/**
 * DuckDB values → what JSON (and the model) can take. DuckDB's own JSON converter is the base:
 * it already turns blobs, UUIDs, intervals, lists and structs into JSON; on top of it, 64/128-bit
 * integers and decimals become numbers when they fit a double exactly (strings otherwise — a
 * rounded ID is worse than a quoted one), and timestamps become ISO 8601 (`T`, `+00:00`), which
 * is what the model and JavaScript's Date read without guessing.
 */
import { DuckDBTypeId, type DuckDBType, type Json } from '@duckdb/node-api'

export type JsonValue = Json

/** Converts one value of DuckDB's JSON form, given its column type. */
export function jsonSafe(value: Json, type: DuckDBType): Json {
  if (value === null || typeof value !== 'string') return value
  switch (type.typeId) {
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT: {
      const n = Number(value)
      return Number.isSafeInteger(n) ? n : value
    }
    case DuckDBTypeId.DECIMAL: {
      const n = Number(value)
      // Exact only when the decimal's digits fit a double (15 significant digits).
      return Number.isFinite(n) && value.replace(/[-.]/g, '').replace(/^0+/, '').length <= 15 ? n : value
    }
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return isoTimestamp(value)
    default:
      return value
  }
}

/** "2024-01-02 03:04:05.123+00" → "2024-01-02T03:04:05.123+00:00" (infinity and BC dates kept). */
function isoTimestamp(text: string): string {
  const match = /^(\d{4,}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)([+-]\d\d)?(?::?(\d\d))?$/.exec(text)
  if (!match) return text
  const [, date, time, zoneHours, zoneMinutes] = match
  return `${date}T${time}${zoneHours ? `${zoneHours}:${zoneMinutes ?? '00'}` : ''}`
}
