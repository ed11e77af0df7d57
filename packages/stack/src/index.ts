export { defaultStackDir, LocalStack } from './local-stack.js'
export type { ComponentStatus, LocalStackOptions, UpResult } from './local-stack.js'
export { ManagedProcess } from './managed-process.js'
export { portInUse } from './port-probe.js'
