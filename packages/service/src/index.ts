export { createHttpService } from './http-service.js'
export type { HttpService, HttpServiceOptions } from './http-service.js'
export { connectPipeline } from './pipeline-dependencies.js'
export type { PipelineConfig, PipelineDependencies } from './pipeline-dependencies.js'
