export { AuditLogChecker, lines, verifyAuditLogBytes, type LogCheckOptions, type LogProblem, type LogSummary, type LogVerification, type ProblemKind } from "./chain.js";
export { AuditLogWriter } from "./write.js";
export { loadRecordValidator } from "./schema.js";
