/** One option of a select or multiselect attribute, as `GET /V1/products/attributes/{code}/options` lists it. */
export interface AttributeOption {
  label: string
  /** The option id, as a string, exactly as select values carry it in `custom_attributes`. */
  value: string
}

/**
 * Allocates option ids the way `eav_attribute_option` does: one auto-increment sequence shared by all
 * attributes, in the order options are created. The sample data CSVs hold labels, so feeding them
 * in a fixed order (attributes.csv order, then labels first met in products) yields stable ids.
 */
export class OptionIdTable {
  private nextId: number
  private readonly byAttribute = new Map<string, AttributeOption[]>()
  /** attribute code → lower-cased label → id; Magento's importer matches labels case-insensitively. */
  private readonly byLabel = new Map<string, Map<string, string>>()

  constructor(firstId: number) {
    this.nextId = firstId
  }

  /** Returns the id of the option with this label, creating the option when the attribute lacks it. */
  ensure(attributeCode: string, label: string): string {
    const labels = this.labelsOf(attributeCode)
    const known = labels.get(label.toLowerCase())
    if (known !== undefined) return known
    const value = String(this.nextId++)
    labels.set(label.toLowerCase(), value)
    this.optionsOf(attributeCode).push({ label, value })
    return value
  }

  /** Registers fixed options (boolean Yes/No, status, visibility) that do not use the sequence. */
  fixed(attributeCode: string, options: readonly AttributeOption[]): void {
    for (const option of options) {
      this.labelsOf(attributeCode).set(option.label.toLowerCase(), option.value)
      this.optionsOf(attributeCode).push({ ...option })
    }
  }

  /** The option id for a label (case-insensitive), if the attribute has it. */
  idFor(attributeCode: string, label: string): string | undefined {
    return this.byLabel.get(attributeCode)?.get(label.toLowerCase())
  }

  /** The label of an option id, if the attribute has it. */
  labelFor(attributeCode: string, id: string): string | undefined {
    return this.byAttribute.get(attributeCode)?.find((option) => option.value === id)?.label
  }

  /** The attribute's options in creation order. */
  options(attributeCode: string): readonly AttributeOption[] {
    return this.byAttribute.get(attributeCode) ?? []
  }

  private optionsOf(attributeCode: string): AttributeOption[] {
    let options = this.byAttribute.get(attributeCode)
    if (!options) this.byAttribute.set(attributeCode, (options = []))
    return options
  }

  private labelsOf(attributeCode: string): Map<string, string> {
    let labels = this.byLabel.get(attributeCode)
    if (!labels) this.byLabel.set(attributeCode, (labels = new Map<string, string>()))
    return labels
  }
}
