/**
 * `tsx tests/support/systemPackagesCli.ts [tesseract]`: checks (and, where it may, installs) the
 * system packages the unit and E2E tests need; `tesseract` adds the capture bench's OCR. Run by
 * `npm run test:e2e` and `.ci/run` before anything else; exits 1 with the command to run when it
 * cannot install them itself.
 */
import { E2E_REQUIREMENTS, ensureSystemPackages, MissingSystemPackagesError, TESSERACT, UNIT_REQUIREMENTS } from './systemPackages'

const tests = [...E2E_REQUIREMENTS, ...UNIT_REQUIREMENTS]
const requirements = process.argv.includes('tesseract') ? [...tests, TESSERACT] : tests
try {
  ensureSystemPackages(requirements)
} catch (error) {
  if (!(error instanceof MissingSystemPackagesError)) throw error
  console.error(error.message)
  process.exitCode = 1
}
