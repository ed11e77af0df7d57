import { randomBytes } from 'node:crypto'

// Error bodies exactly as Magento's webapi renders them (`error-response`): `%1`/`%name`
// placeholders stay in `message` and their values go in `parameters`.

/** Magento's error body. */
export interface MagentoErrorBody {
  message: string
  parameters?: string[] | Record<string, string>
}

/** `GET /V1/products/{sku}` and friends for an unknown SKU (`NoSuchEntityException`). */
export const PRODUCT_NOT_FOUND: MagentoErrorBody = { message: "The product that was requested doesn't exist. Verify the product and try again.", parameters: [] }

/** A missing or wrong bearer token, naming the ACL resource the operation needs. */
export function unauthorized(resource: string): MagentoErrorBody {
  return { message: "The consumer isn't authorized to access %resources.", parameters: { resources: resource } }
}

/** `GET /V1/stockItems/{sku}` for an unknown SKU (`StockRegistry::resolveProductId`). */
export function stockProductNotFound(sku: string): MagentoErrorBody {
  return { message: 'The Product with the "%1" SKU doesn\'t exist.', parameters: [sku] }
}

/** `GET /V1/products/attributes/{code}` for an unknown code. */
export function attributeNotFound(code: string): MagentoErrorBody {
  return { message: 'The attribute with a "%1" attributeCode doesn\'t exist. Verify the attribute and try again.', parameters: [code] }
}

/** `NoSuchEntityException::singleField`, e.g. an unknown category id. */
export function noSuchEntity(fieldName: string, fieldValue: string): MagentoErrorBody {
  return { message: 'No such entity with %fieldName = %fieldValue', parameters: { fieldName, fieldValue } }
}

/** A path no webapi route matches, including an unknown store code in `/rest/<store>/V1`. */
export const ROUTE_NOT_FOUND: MagentoErrorBody = { message: 'Request does not match any route.', parameters: [] }

/** A path parameter of the wrong type, as the service input processor words it. */
export function invalidType(value: string, type: string): MagentoErrorBody {
  return { message: `The "${value}" value's type is invalid. The "${type}" type was expected. Verify and try again.` }
}

/** Wrong admin credentials on `POST /V1/integration/admin/token`. */
export const SIGN_IN_FAILED: MagentoErrorBody = { message: 'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.' }

/** A required field missing from a request body. */
export function requiredField(fieldName: string): MagentoErrorBody {
  return { message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName } }
}

/** An unhandled server error: Magento hides the cause behind a report id. */
export function internalError(): MagentoErrorBody {
  return { message: `Internal Error. Details are available in Magento log file. Report ID: webapi-${randomBytes(7).toString('hex').slice(0, 13)}` }
}
