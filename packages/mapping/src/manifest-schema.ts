// Builds mapping.schema.json (JSON Schema 2020-12). The transform section comes from the registry,
// so adding a transform updates the schema: `npx tsx packages/mapping/src/write-mapping-schema.ts`
// rewrites mappings/mapping.schema.json, and manifest-schema.test.ts fails while the two differ.
import { TRANSFORMS } from './transforms/registry.js'
import { prop } from './transforms/transform-definition.js'

const SCALAR = { type: ['string', 'number', 'boolean'] }

function transformSchemas(): Record<string, unknown> {
  const names = TRANSFORMS.map((definition) => definition.type)
  const branches = TRANSFORMS.map((definition) => ({
    if: { type: 'object', required: ['type'], properties: { type: { const: definition.type } } },
    then: {
      type: 'object',
      title: definition.type,
      description: definition.description,
      examples: [definition.example],
      properties: {
        type: prop('Transform', definition.description, [definition.type], { const: definition.type }),
        ...definition.argsSchema.properties,
      },
      required: ['type', ...(definition.argsSchema.required ?? [])],
      additionalProperties: false,
    },
  }))
  return {
    type: 'object',
    title: 'Transform',
    description: 'One named transform with its arguments; `type` picks the transform.',
    examples: TRANSFORMS.slice(0, 3).map((definition) => definition.example),
    required: ['type'],
    properties: { type: prop('Transform name', 'Which transform to apply.', ['trim', 'truncate'], { enum: names }) },
    allOf: branches,
  }
}

function conditionSchema(): Record<string, unknown> {
  const variant = (type: string, description: string, example: Record<string, unknown>, properties: Record<string, unknown>, required: string[] = []) => ({
    if: { type: 'object', required: ['type'], properties: { type: { const: type } } },
    then: {
      type: 'object',
      title: `${type} condition`,
      description,
      examples: [example],
      properties: { type: prop('Condition kind', description, [type], { const: type }), ...properties },
      required: ['type', ...required],
      additionalProperties: false,
    },
  })
  const compare = {
    equals: prop('Equals', 'Matches when the value equals this.', ['configurable'], { type: ['string', 'number', 'boolean', 'null'] }),
    in: prop('In', 'Matches when the value is one of these.', [['simple', 'virtual']], { type: 'array', items: { type: ['string', 'number', 'boolean', 'null'] }, minItems: 1 }),
    exists: prop('Exists', 'true: matches when the value is present and not empty; false: when it is missing or empty.', [true], { type: 'boolean' }),
  }
  return {
    type: ['string', 'object'],
    title: 'Condition',
    description: 'A JSONata expression over the canonical product (true when truthy), or a simple condition object with a `type`.',
    examples: ["typeId = 'configurable'", { type: 'attribute', attribute: 'gtin', exists: true }],
    minLength: 1,
    allOf: [
      {
        if: { type: 'object' },
        then: {
          required: ['type'],
          properties: { type: prop('Condition kind', 'Which simple condition this is.', ['attribute', 'category'], { enum: ['attribute', 'field', 'category', 'attributeSet', 'all', 'any', 'not'] }) },
        },
      },
      variant('attribute', "A custom attribute's value: `equals` / `in` match its raw value or any of its store labels; `exists` tests for a non-empty raw value.", { type: 'attribute', attribute: 'color', in: ['Black', 'Blue'] }, {
        attribute: prop('Attribute code', 'The Magento attribute code.', ['color', 'gtin'], { type: 'string', pattern: '^[a-z][a-z0-9_]*$' }),
        ...compare,
      }, ['attribute']),
      variant('field', 'A value at a source path of the canonical product; a path with [*] gives a list, which `equals` / `in` match when any of its values does.', { type: 'field', path: 'typeId', equals: 'configurable' }, {
        path: prop('Source path', 'Path into the canonical product, e.g. typeId, stock.isInStock, parentSkus[0], parent.categories[*].path[*].', ['typeId', 'parentSkus[0]'], { type: 'string', minLength: 1 }),
        ...compare,
      }, ['path']),
      variant('category', 'The product is in a category: by id, exact name, or a run of names along the category path.', { type: 'category', path: ['Gear', 'Bags'] }, {
        id: prop('Category id', 'Magento category id.', [4], { type: 'integer', minimum: 1 }),
        name: prop('Category name', 'Exact name of a category the product is in.', ['Watches'], { type: 'string', minLength: 1 }),
        path: prop('Category path', 'Consecutive category names somewhere along the path of one of its categories; ["Tops"] matches everything under any "Tops".', [['Gear', 'Bags'], ['Tops']], {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          minItems: 1,
        }),
      }),
      variant('attributeSet', 'The product\'s attribute set, by name or id.', { type: 'attributeSet', names: ['Bag'], ids: [15] }, {
        names: prop('Attribute set names', 'Matches any of these names.', [['Bag']], { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 }),
        ids: prop('Attribute set ids', 'Matches any of these ids.', [[15]], { type: 'array', items: { type: 'integer' }, minItems: 1 }),
      }),
      variant('all', 'All of the conditions hold.', { type: 'all', conditions: [{ type: 'field', path: 'typeId', equals: 'simple' }] }, {
        conditions: prop('Conditions', 'Conditions that must all hold.', [[{ type: 'attribute', attribute: 'gtin', exists: true }]], { type: 'array', items: { $ref: '#/$defs/condition' }, minItems: 1 }),
      }, ['conditions']),
      variant('any', 'At least one of the conditions holds.', { type: 'any', conditions: [{ type: 'category', name: 'Tops' }] }, {
        conditions: prop('Conditions', 'Conditions of which one must hold.', [[{ type: 'category', name: 'Tops' }]], { type: 'array', items: { $ref: '#/$defs/condition' }, minItems: 1 }),
      }, ['conditions']),
      variant('not', 'The condition does not hold.', { type: 'not', condition: { type: 'field', path: 'typeId', equals: 'configurable' } }, {
        condition: { $ref: '#/$defs/condition', title: 'Condition', description: 'The condition that must not hold.', examples: [{ type: 'field', path: 'typeId', equals: 'configurable' }] },
      }, ['condition']),
    ],
  }
}

const ruleSchema = {
  type: 'object',
  title: 'Rule',
  description: 'Writes one value of the marketplace payload: from a source path, a JSONata expression or a literal value, through the transforms, at the target path.',
  examples: [{ target: 'attributes.item_name', from: 'name', transforms: [{ type: 'stripHtml' }, { type: 'truncate', max: 200 }, { type: 'wrap', fields: { language_tag: 'en_US' }, constantFields: { marketplace_id: 'marketplaceId' } }], required: true }],
  properties: {
    target: prop('Target path', 'Where the value goes in the payload: property names separated by "." and array indices as [n], e.g. attributes.item_name[0].value. Objects and arrays on the way are created.', ['attributes.item_name', 'offer.price', 'attributes.purchasable_offer[0].currency'], {
      type: 'string',
      pattern: '^[A-Za-z_$][A-Za-z0-9_$-]*(\\.[A-Za-z_$][A-Za-z0-9_$-]*|\\[\\d+\\])*$',
    }),
    description: prop('Description', 'Why this rule exists; for readers only.', ['Amazon shows this as the title.'], { type: 'string' }),
    from: prop('Source path', 'Path into the canonical product: a Product field, then .property, [n] or [*] steps, e.g. name, price.amount, attributes.color.labels[0], media[*].url; or $constants.<name>, $productType.', ['name', 'attributes.gtin.raw', '$constants.marketplaceId'], { type: 'string', minLength: 1 }),
    expr: prop('JSONata expression', 'Computes the value from the canonical product with JSONata 2; $constants and $productType are bound. Slower than `from`: prefer paths and transforms.', ["$join(categories[0].path, ' > ')"], { type: 'string', minLength: 1 }),
    value: prop('Literal value', 'A fixed value (string, number, boolean, object or array).', ['new_new', 1], {}),
    transforms: prop('Transforms', 'Applied in order to the value; an empty value (missing, null, "" or []) skips transforms other than template and concat.', [[{ type: 'trim' }]], { type: 'array', items: { $ref: '#/$defs/transform' } }),
    required: prop('Required', 'When true, an empty result (after transforms and default) is a problem and the product cannot be mapped.', [true], { type: 'boolean', default: false }),
    default: prop('Default', 'Written as given (not transformed, even "") when the result is empty.', [0, ''], {}),
    when: { $ref: '#/$defs/condition', title: 'When', description: 'The rule applies only when this condition holds.', examples: [{ type: 'field', path: 'typeId', equals: 'configurable' }] },
  },
  required: ['target'],
  additionalProperties: false,
}

const validationSchema = {
  type: 'object',
  title: 'Output validation',
  description: 'How the mapped payload is validated before it is sent; `type` picks the validator.',
  examples: [{ type: 'amazonProductType', productTypeSchemas: { LUGGAGE: 'product-types/LUGGAGE.json' } }],
  required: ['type'],
  properties: { type: prop('Validator', 'amazonProductType: Amazon product type JSON Schemas; b2bAttributes: required attributes and value lists.', ['amazonProductType'], { enum: ['amazonProductType', 'b2bAttributes'] }) },
  allOf: [
    {
      if: { type: 'object', required: ['type'], properties: { type: { const: 'amazonProductType' } } },
      then: {
        type: 'object',
        properties: {
          type: prop('Validator', 'Validate against Amazon product type definitions.', ['amazonProductType'], { const: 'amazonProductType' }),
          productTypeSchemas: prop('Product type schemas', 'Product type → its JSON Schema file (from the Product Type Definitions API), relative to this manifest.', [{ LUGGAGE: 'product-types/LUGGAGE.json' }], {
            type: 'object',
            propertyNames: { pattern: '^[A-Z][A-Z0-9_]*$' },
            additionalProperties: { type: 'string', minLength: 1 },
            minProperties: 1,
          }),
        },
        required: ['type', 'productTypeSchemas'],
        additionalProperties: false,
      },
    },
    {
      if: { type: 'object', required: ['type'], properties: { type: { const: 'b2bAttributes' } } },
      then: {
        type: 'object',
        properties: {
          type: prop('Validator', 'Validate against the marketplace\'s required attributes and value lists.', ['b2bAttributes'], { const: 'b2bAttributes' }),
          requiredAttributes: prop('Required attributes', 'Target paths that must have a value in every payload.', [['offer.shop_sku', 'product.title']], { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true }),
          valueLists: prop('Value lists', 'Allowed values per target path, inline or in a file (a JSON array of strings, relative to this manifest).', [[{ target: 'product.color', values: ['Black', 'Blue'] }]], {
            type: 'array',
            items: {
              type: 'object',
              title: 'Value list',
              description: 'The values a target may take.',
              examples: [{ target: 'offer.state_code', values: ['11'] }],
              properties: {
                target: prop('Target path', 'The payload path the list applies to.', ['product.color'], { type: 'string', minLength: 1 }),
                values: prop('Values', 'Allowed values.', [['Black', 'Blue']], { type: 'array', items: { type: 'string' }, minItems: 1 }),
                file: prop('File', 'JSON file with the allowed values, relative to this manifest.', ['value-lists/colors.json'], { type: 'string', minLength: 1 }),
              },
              required: ['target'],
              additionalProperties: false,
            },
          }),
        },
        required: ['type', 'requiredAttributes'],
        additionalProperties: false,
      },
    },
  ],
}

/** The JSON Schema of mapping manifests, as published in mappings/mapping.schema.json. */
export function buildMappingSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'listing-sync mapping manifest',
    description: 'Maps canonical Magento products to one marketplace\'s payload. Generated from packages/mapping/src/manifest-schema.ts; do not edit by hand.',
    type: 'object',
    properties: {
      $schema: prop('JSON Schema', 'Points editors at this schema.', ['./mapping.schema.json'], { type: 'string' }),
      marketplace: prop('Marketplace id', 'The marketplace this manifest maps to; names the listing.<id>.v1 topic.', ['amazon', 'b2b'], { type: 'string', pattern: '^[a-z][a-z0-9-]*$' }),
      version: prop('Manifest version', 'Semantic version of this manifest; published with every listing so a payload names the rules that made it.', ['1.0.0'], {
        type: 'string',
        pattern: '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$',
      }),
      description: prop('Description', 'What this manifest is for.', ['Amazon US Listings Items PUT bodies.'], { type: 'string' }),
      constants: prop('Constants', 'Named values rules may read as $constants.<name> (source paths, JSONata, wrap constantFields).', [{ marketplaceId: 'ATVPDKIKX0DER' }], {
        type: 'object',
        propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
        additionalProperties: SCALAR,
      }),
      productType: {
        type: 'object',
        title: 'Product type selection',
        description: 'Chooses the marketplace product type (or category) of a product: the first rule whose condition holds, else the default. Rules read it as $productType.',
        examples: [{ rules: [{ when: { type: 'category', path: ['Gear', 'Bags'] }, productType: 'LUGGAGE' }], default: 'PRODUCT' }],
        properties: {
          rules: prop('Selection rules', 'Tried in order; the first match wins.', [[{ when: { type: 'attributeSet', names: ['Bag'] }, productType: 'LUGGAGE' }]], {
            type: 'array',
            items: {
              type: 'object',
              title: 'Selection rule',
              description: 'A condition and the product type it selects.',
              examples: [{ when: { type: 'category', name: 'Watches' }, productType: 'WATCH' }],
              properties: {
                when: { $ref: '#/$defs/condition', title: 'When', description: 'The condition a product must meet.', examples: [{ type: 'category', name: 'Watches' }] },
                productType: prop('Product type', 'The product type (or category code) selected.', ['WATCH'], { type: 'string', minLength: 1 }),
              },
              required: ['when', 'productType'],
              additionalProperties: false,
            },
          }),
          default: prop('Default product type', 'Used when no rule matches.', ['PRODUCT'], { type: 'string', minLength: 1 }),
        },
        required: ['default'],
        additionalProperties: false,
      },
      rules: prop('Rules', 'The mapping rules, applied in order.', [[ruleSchema.examples[0]]], { type: 'array', items: { $ref: '#/$defs/rule' }, minItems: 1 }),
      validation: { $ref: '#/$defs/validation', title: 'Output validation', description: 'How the mapped payload is validated before it is sent.', examples: validationSchema.examples },
    },
    required: ['marketplace', 'version', 'productType', 'rules', 'validation'],
    additionalProperties: false,
    $defs: {
      rule: ruleSchema,
      condition: conditionSchema(),
      transform: transformSchemas(),
      validation: validationSchema,
    },
  }
}
