package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The schema file is Terraform's own `providers schema -json` format for one provider,
// written by scripts/setup/provider-schemas.ts from the provider's published binding.
type jsonDocument struct {
	ProviderSchemas map[string]jsonProvider `json:"provider_schemas"`
}

type jsonProvider struct {
	Provider          jsonSchema            `json:"provider"`
	ResourceSchemas   map[string]jsonSchema `json:"resource_schemas"`
	DataSourceSchemas map[string]jsonSchema `json:"data_source_schemas"`
}

type jsonSchema struct {
	Version int64     `json:"version"`
	Block   jsonBlock `json:"block"`
}

type jsonBlock struct {
	Attributes map[string]jsonAttribute   `json:"attributes"`
	BlockTypes map[string]jsonNestedBlock `json:"block_types"`
}

type jsonAttribute struct {
	Type       json.RawMessage `json:"type"`
	NestedType *jsonNestedType `json:"nested_type"`
	Required   bool            `json:"required"`
	Optional   bool            `json:"optional"`
	Computed   bool            `json:"computed"`
	Sensitive  bool            `json:"sensitive"`
}

type jsonNestedType struct {
	NestingMode string                   `json:"nesting_mode"`
	Attributes  map[string]jsonAttribute `json:"attributes"`
}

type jsonNestedBlock struct {
	NestingMode string    `json:"nesting_mode"`
	Block       jsonBlock `json:"block"`
	MinItems    int64     `json:"min_items"`
	MaxItems    int64     `json:"max_items"`
}

// providerSchemas is what the double serves: the provider's address and every schema.
type providerSchemas struct {
	address     string
	provider    *tfprotov6.Schema
	resources   map[string]*tfprotov6.Schema
	dataSources map[string]*tfprotov6.Schema
}

func loadSchemas(path string) (*providerSchemas, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc jsonDocument
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(doc.ProviderSchemas) != 1 {
		return nil, fmt.Errorf("%s: expected the schema of exactly one provider, got %d", path, len(doc.ProviderSchemas))
	}
	for address, p := range doc.ProviderSchemas {
		out := &providerSchemas{
			address:     address,
			resources:   map[string]*tfprotov6.Schema{},
			dataSources: map[string]*tfprotov6.Schema{},
		}
		if out.provider, err = convertSchema(p.Provider); err != nil {
			return nil, fmt.Errorf("%s: provider: %w", path, err)
		}
		for name, s := range p.ResourceSchemas {
			if out.resources[name], err = convertSchema(s); err != nil {
				return nil, fmt.Errorf("%s: %s: %w", path, name, err)
			}
		}
		for name, s := range p.DataSourceSchemas {
			if out.dataSources[name], err = convertSchema(s); err != nil {
				return nil, fmt.Errorf("%s: data %s: %w", path, name, err)
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s: no provider schema", path)
}

func convertSchema(s jsonSchema) (*tfprotov6.Schema, error) {
	block, err := convertBlock(s.Block)
	if err != nil {
		return nil, err
	}
	return &tfprotov6.Schema{Version: s.Version, Block: block}, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func convertBlock(b jsonBlock) (*tfprotov6.SchemaBlock, error) {
	out := &tfprotov6.SchemaBlock{}
	for _, name := range sortedKeys(b.Attributes) {
		attr, err := convertAttribute(name, b.Attributes[name])
		if err != nil {
			return nil, err
		}
		out.Attributes = append(out.Attributes, attr)
	}
	for _, name := range sortedKeys(b.BlockTypes) {
		nb := b.BlockTypes[name]
		inner, err := convertBlock(nb.Block)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		mode, err := blockNesting(nb.NestingMode)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out.BlockTypes = append(out.BlockTypes, &tfprotov6.SchemaNestedBlock{
			TypeName: name, Block: inner, Nesting: mode, MinItems: nb.MinItems, MaxItems: nb.MaxItems,
		})
	}
	return out, nil
}

func convertAttribute(name string, a jsonAttribute) (*tfprotov6.SchemaAttribute, error) {
	out := &tfprotov6.SchemaAttribute{
		Name: name, Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive,
	}
	if a.NestedType != nil {
		obj := &tfprotov6.SchemaObject{}
		switch a.NestedType.NestingMode {
		case "single":
			obj.Nesting = tfprotov6.SchemaObjectNestingModeSingle
		case "list":
			obj.Nesting = tfprotov6.SchemaObjectNestingModeList
		case "set":
			obj.Nesting = tfprotov6.SchemaObjectNestingModeSet
		case "map":
			obj.Nesting = tfprotov6.SchemaObjectNestingModeMap
		default:
			return nil, fmt.Errorf("%s: unknown nesting mode %q", name, a.NestedType.NestingMode)
		}
		for _, inner := range sortedKeys(a.NestedType.Attributes) {
			attr, err := convertAttribute(inner, a.NestedType.Attributes[inner])
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			obj.Attributes = append(obj.Attributes, attr)
		}
		out.NestedType = obj
		return out, nil
	}
	typ, err := tftypes.ParseJSONType(a.Type)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	out.Type = typ
	return out, nil
}

func blockNesting(mode string) (tfprotov6.SchemaNestedBlockNestingMode, error) {
	switch mode {
	case "single":
		return tfprotov6.SchemaNestedBlockNestingModeSingle, nil
	case "list":
		return tfprotov6.SchemaNestedBlockNestingModeList, nil
	case "set":
		return tfprotov6.SchemaNestedBlockNestingModeSet, nil
	case "map":
		return tfprotov6.SchemaNestedBlockNestingModeMap, nil
	case "group":
		return tfprotov6.SchemaNestedBlockNestingModeGroup, nil
	}
	return 0, fmt.Errorf("unknown nesting mode %q", mode)
}

// attributeAt resolves a value path (attribute names and element keys) to the schema
// attribute it names, or nil when the path ends inside a typed value or at a block.
func attributeAt(block *tfprotov6.SchemaBlock, path *tftypes.AttributePath) *tfprotov6.SchemaAttribute {
	var attrs []*tfprotov6.SchemaAttribute
	blocks := block.BlockTypes
	attrs = block.Attributes
	var current *tfprotov6.SchemaAttribute
	steps := path.Steps()
	if len(steps) == 0 {
		return nil
	}
	if _, ok := steps[len(steps)-1].(tftypes.AttributeName); !ok {
		return nil
	}
	for _, step := range steps {
		name, ok := step.(tftypes.AttributeName)
		if !ok {
			// An element key steps into a nested block's or nested attribute's collection.
			if current != nil && current.NestedType == nil {
				return nil
			}
			continue
		}
		if current != nil && current.NestedType == nil {
			return nil
		}
		found := false
		for _, a := range attrs {
			if a.Name == string(name) {
				current, found = a, true
				if a.NestedType != nil {
					attrs, blocks = a.NestedType.Attributes, nil
				}
				break
			}
		}
		if found {
			continue
		}
		for _, b := range blocks {
			if b.TypeName == string(name) {
				current, found = nil, true
				attrs, blocks = b.Block.Attributes, b.Block.BlockTypes
				break
			}
		}
		if !found {
			return nil
		}
	}
	return current
}
