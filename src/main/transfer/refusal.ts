/** A file the import or export refuses, with the sentence to show (the service makes it an AppError). */
export class TransferRefusal extends Error {}
