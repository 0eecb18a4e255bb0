export { DescribeRoute, recordRequestSchema, type RequestPart, type RouteDoc, type SchemaSource } from './route-doc';
export { errorBodySchema } from './error-body.schema';
export { buildDocument, errorStatusesFor, type DocumentInfo, type OpenApiDocument } from './build-document';
export { discoverRoutes, toOpenApiPath, type DiscoveredRoute } from './discover-routes';
export {
  DOCS_PREFIX,
  OPENAPI_PATH,
  attachOpenApi,
  openApiDocument,
  serveOpenApi,
  undocumentedRoutes,
} from './serve-openapi';
export { openApiProblems } from './validate-openapi';
