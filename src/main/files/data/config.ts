/** Tuning values of the data engine (dataSession.ts and its helpers), each with its why. */

/**
 * A query the model sends is interrupted after this long. Ten seconds is long for an answer the
 * user is waiting on, yet enough for a GROUP BY over a few million rows on a laptop; a query that
 * needs more is almost always an accidental cross join, and the error tells the model to narrow it.
 */
export const QUERY_TIME_LIMIT_MS = 10_000

/**
 * Rows returned to the model per query. The result goes into the prompt: 200 rows of a few
 * columns is already several thousand tokens, and a model that needs more should aggregate.
 */
export const QUERY_ROW_CAP = 200

/**
 * After the returned rows, the rest of a result is counted (chunk sizes only, no conversion) up
 * to this many rows so the model hears "200 of 12 345". Past it the total is left unknown: the
 * count would cost as much as the query again.
 */
export const TOTAL_COUNT_MAX_ROWS = 1_000_000

/**
 * A file larger than this is refused before DuckDB opens it (`too_large`). DuckDB streams CSV and
 * Parquet, but the tables live in memory for the conversation; 1 GiB of CSV is several GiB of
 * process memory at worst, which a desktop app should not take without being asked.
 */
export const MAX_FILE_BYTES = 1024 * 1024 * 1024

/**
 * XLSX is read whole into memory by exceljs (a DOM of every cell, ~10× the file), so its cap is
 * far lower than the one for files DuckDB streams.
 */
export const MAX_XLSX_BYTES = 50 * 1024 * 1024

/** DuckDB's memory budget per session: a conversation's tables must not starve the app. */
export const MEMORY_LIMIT = '2GB'

/**
 * Bytes looked at to tell text from binary (a NUL without a UTF-16 byte-order mark). The first
 * 64 KiB decide it for every real CSV; a text file with a NUL later is loaded and its bad lines
 * are rejected as usual.
 */
export const BINARY_SNIFF_BYTES = 64 * 1024

/** Rows DuckDB's CSV sniffer reads to guess the dialect and the types (read_csv `sample_size`). */
export const CSV_SAMPLE_ROWS = 20_480

/** Rejected CSV lines quoted back to the caller (the count is always complete). */
export const REJECTED_EXAMPLES = 3

/** Sample rows returned by load() (the UI's preview) and shown to the model per table. */
export const LOAD_SAMPLE_ROWS = 5
export const DESCRIBE_SAMPLE_ROWS = 3

/**
 * describeForModel's budget in characters (~1.5k tokens): enough for a handful of tables with
 * dozens of columns; each sample value is cut to DESCRIBE_VALUE_CHARS so one long text cell
 * cannot take it all.
 */
export const DESCRIBE_MAX_CHARS = 6_000
export const DESCRIBE_VALUE_CHARS = 40

/** Longest table name made from a file name (DuckDB has no limit; the prompt and the UI do). */
export const TABLE_NAME_MAX_CHARS = 48

/** An error message from DuckDB is cut to this before it goes to the model (it repeats the SQL). */
export const ERROR_MESSAGE_MAX_CHARS = 600
