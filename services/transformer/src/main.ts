// The transformer service: maps canonical products to per-marketplace listings with the manifests
// in mappings/, validates them, and publishes listings, rejections and deletes.
import { createTransformerApp } from './transformer-app.js'
import { loadTransformerConfig } from './transformer-config.js'

const config = loadTransformerConfig()
const transformer = await createTransformerApp(config)
await transformer.http.listen(config.HOST, config.TRANSFORMER_PORT)
await transformer.start()
