// Command terraform-provider-double serves the real schema of one Terraform provider
// (hashicorp/aws, cloudflare/cloudflare or hashicorp/archive, from schema.json beside the
// executable) and plans and applies without any cloud: see README.md.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func main() {
	schemaFile := os.Getenv("PROVIDER_DOUBLE_SCHEMA")
	if schemaFile == "" {
		exe, err := os.Executable()
		if err != nil {
			fmt.Fprintln(os.Stderr, "provider double:", err)
			os.Exit(1)
		}
		if resolved, err := filepath.EvalSymlinks(exe); err == nil {
			exe = resolved
		}
		schemaFile = filepath.Join(filepath.Dir(exe), "schema.json")
	}
	schemas, err := loadSchemas(schemaFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "provider double:", err)
		os.Exit(1)
	}
	p := &provider{schemas: schemas, region: "us-east-1", account: "123456789012"}
	if err := tf6server.Serve(schemas.address, func() tfprotov6.ProviderServer { return p }); err != nil {
		fmt.Fprintln(os.Stderr, "provider double:", err)
		os.Exit(1)
	}
}

type provider struct {
	schemas     *providerSchemas
	region      string
	account     string
	defaultTags map[string]string
}

func errorDiag(summary string, err error) []*tfprotov6.Diagnostic {
	return []*tfprotov6.Diagnostic{{Severity: tfprotov6.DiagnosticSeverityError, Summary: summary, Detail: err.Error()}}
}

func (p *provider) resourceSchema(name string) (*tfprotov6.Schema, []*tfprotov6.Diagnostic) {
	if s, ok := p.schemas.resources[name]; ok {
		return s, nil
	}
	return nil, errorDiag("Unknown resource type", fmt.Errorf("the provider double has no schema for %q", name))
}

func decode(dv *tfprotov6.DynamicValue, s *tfprotov6.Schema) (tftypes.Value, error) {
	t := s.ValueType()
	if dv == nil {
		return tftypes.NewValue(t, nil), nil
	}
	return dv.Unmarshal(t)
}

func encode(v tftypes.Value, s *tfprotov6.Schema) (*tfprotov6.DynamicValue, error) {
	dv, err := tfprotov6.NewDynamicValue(s.ValueType(), v)
	if err != nil {
		return nil, err
	}
	return &dv, nil
}

func capabilities() *tfprotov6.ServerCapabilities {
	return &tfprotov6.ServerCapabilities{GetProviderSchemaOptional: true, PlanDestroy: true}
}

func (p *provider) GetMetadata(context.Context, *tfprotov6.GetMetadataRequest) (*tfprotov6.GetMetadataResponse, error) {
	resp := &tfprotov6.GetMetadataResponse{ServerCapabilities: capabilities()}
	for _, name := range sortedKeys(p.schemas.resources) {
		resp.Resources = append(resp.Resources, tfprotov6.ResourceMetadata{TypeName: name})
	}
	for _, name := range sortedKeys(p.schemas.dataSources) {
		resp.DataSources = append(resp.DataSources, tfprotov6.DataSourceMetadata{TypeName: name})
	}
	return resp, nil
}

func (p *provider) GetProviderSchema(context.Context, *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	return &tfprotov6.GetProviderSchemaResponse{
		ServerCapabilities: capabilities(),
		Provider:           p.schemas.provider,
		ResourceSchemas:    p.schemas.resources,
		DataSourceSchemas:  p.schemas.dataSources,
		Functions:          map[string]*tfprotov6.Function{},
	}, nil
}

func (p *provider) GetResourceIdentitySchemas(context.Context, *tfprotov6.GetResourceIdentitySchemasRequest) (*tfprotov6.GetResourceIdentitySchemasResponse, error) {
	return &tfprotov6.GetResourceIdentitySchemasResponse{IdentitySchemas: map[string]*tfprotov6.ResourceIdentitySchema{}}, nil
}

func (p *provider) ValidateProviderConfig(_ context.Context, req *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	return &tfprotov6.ValidateProviderConfigResponse{PreparedConfig: req.Config}, nil
}

// ConfigureProvider keeps what placeholders echo: the AWS region, the first allowed account
// and the default tags.
func (p *provider) ConfigureProvider(_ context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	cfg, err := decode(req.Config, p.schemas.provider)
	if err != nil {
		return &tfprotov6.ConfigureProviderResponse{Diagnostics: errorDiag("Invalid provider configuration", err)}, nil
	}
	config, _ := toGo(cfg).(map[string]interface{})
	if region, ok := config["region"].(string); ok && region != "" {
		p.region = region
	}
	if ids, ok := config["allowed_account_ids"].([]interface{}); ok && len(ids) > 0 {
		sorted := []string{}
		for _, id := range ids {
			if s, ok := id.(string); ok {
				sorted = append(sorted, s)
			}
		}
		sort.Strings(sorted)
		if len(sorted) > 0 {
			p.account = sorted[0]
		}
	}
	if blocks, ok := config["default_tags"].([]interface{}); ok && len(blocks) > 0 {
		if block, ok := blocks[0].(map[string]interface{}); ok {
			if tags, ok := block["tags"].(map[string]interface{}); ok {
				p.defaultTags = map[string]string{}
				for k, v := range tags {
					if s, ok := v.(string); ok {
						p.defaultTags[k] = s
					}
				}
			}
		}
	}
	return &tfprotov6.ConfigureProviderResponse{}, nil
}

func (p *provider) StopProvider(context.Context, *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	return &tfprotov6.StopProviderResponse{}, nil
}

// Terraform itself checks arguments against the schema (unknown arguments, blocks written
// as attributes, missing required arguments); the double adds no rules of its own.
func (p *provider) ValidateResourceConfig(context.Context, *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return &tfprotov6.ValidateResourceConfigResponse{}, nil
}

func (p *provider) ValidateDataResourceConfig(context.Context, *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return &tfprotov6.ValidateDataResourceConfigResponse{}, nil
}

func (p *provider) UpgradeResourceState(_ context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	s, diags := p.resourceSchema(req.TypeName)
	if diags != nil {
		return &tfprotov6.UpgradeResourceStateResponse{Diagnostics: diags}, nil
	}
	val, err := req.RawState.UnmarshalWithOpts(s.ValueType(), tfprotov6.UnmarshalOpts{
		ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true},
	})
	if err != nil {
		return &tfprotov6.UpgradeResourceStateResponse{Diagnostics: errorDiag("Unreadable state", err)}, nil
	}
	dv, err := encode(val, s)
	if err != nil {
		return &tfprotov6.UpgradeResourceStateResponse{Diagnostics: errorDiag("Unreadable state", err)}, nil
	}
	return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: dv}, nil
}

// ReadResource reports the object as stored; computed attributes an import left null get
// their placeholders, as a real provider would read them from the object.
func (p *provider) ReadResource(_ context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	s, diags := p.resourceSchema(req.TypeName)
	if diags != nil {
		return &tfprotov6.ReadResourceResponse{Diagnostics: diags}, nil
	}
	current, err := decode(req.CurrentState, s)
	if err != nil {
		return &tfprotov6.ReadResourceResponse{Diagnostics: errorDiag("Unreadable state", err)}, nil
	}
	if current.IsNull() {
		return &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private}, nil
	}
	filled, err := fillNullComputed(s.Block, current, newPlaceholderContext(p, req.TypeName, current))
	if err != nil {
		return &tfprotov6.ReadResourceResponse{Diagnostics: errorDiag("Read failed", err)}, nil
	}
	dv, err := encode(filled, s)
	if err != nil {
		return &tfprotov6.ReadResourceResponse{Diagnostics: errorDiag("Read failed", err)}, nil
	}
	return &tfprotov6.ReadResourceResponse{NewState: dv, Private: req.Private}, nil
}

// PlanResourceChange plans the configuration with computed values kept from the prior state or
// unknown (planComputed); the double never plans a replacement (which arguments force one is
// the real provider's knowledge).
func (p *provider) PlanResourceChange(_ context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	s, diags := p.resourceSchema(req.TypeName)
	if diags != nil {
		return &tfprotov6.PlanResourceChangeResponse{Diagnostics: diags}, nil
	}
	prior, err := decode(req.PriorState, s)
	if err != nil {
		return &tfprotov6.PlanResourceChangeResponse{Diagnostics: errorDiag("Unreadable prior state", err)}, nil
	}
	proposed, err := decode(req.ProposedNewState, s)
	if err != nil {
		return &tfprotov6.PlanResourceChangeResponse{Diagnostics: errorDiag("Unreadable proposed state", err)}, nil
	}
	planned := proposed
	if !proposed.IsNull() {
		if planned, err = planComputed(s.Block, proposed, prior); err != nil {
			return &tfprotov6.PlanResourceChangeResponse{Diagnostics: errorDiag("Plan failed", err)}, nil
		}
	}
	dv, err := encode(planned, s)
	if err != nil {
		return &tfprotov6.PlanResourceChangeResponse{Diagnostics: errorDiag("Plan failed", err)}, nil
	}
	return &tfprotov6.PlanResourceChangeResponse{PlannedState: dv, PlannedPrivate: req.PriorPrivate}, nil
}

// ApplyResourceChange makes the planned object real: unknown values become placeholders.
func (p *provider) ApplyResourceChange(_ context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	s, diags := p.resourceSchema(req.TypeName)
	if diags != nil {
		return &tfprotov6.ApplyResourceChangeResponse{Diagnostics: diags}, nil
	}
	planned, err := decode(req.PlannedState, s)
	if err != nil {
		return &tfprotov6.ApplyResourceChangeResponse{Diagnostics: errorDiag("Unreadable planned state", err)}, nil
	}
	if planned.IsNull() {
		return &tfprotov6.ApplyResourceChangeResponse{NewState: req.PlannedState}, nil
	}
	applied, err := fillUnknown(planned, newPlaceholderContext(p, req.TypeName, planned))
	if err != nil {
		return &tfprotov6.ApplyResourceChangeResponse{Diagnostics: errorDiag("Apply failed", err)}, nil
	}
	dv, err := encode(applied, s)
	if err != nil {
		return &tfprotov6.ApplyResourceChangeResponse{Diagnostics: errorDiag("Apply failed", err)}, nil
	}
	return &tfprotov6.ApplyResourceChangeResponse{NewState: dv, Private: req.PlannedPrivate}, nil
}

// ImportResourceState adopts an existing object by id; ReadResource then fills its computed
// attributes, and the plan shows the configuration's arguments as an in-place update.
func (p *provider) ImportResourceState(_ context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	s, diags := p.resourceSchema(req.TypeName)
	if diags != nil {
		return &tfprotov6.ImportResourceStateResponse{Diagnostics: diags}, nil
	}
	objType := s.ValueType().(tftypes.Object)
	attrs := map[string]tftypes.Value{}
	for name, t := range objType.AttributeTypes {
		attrs[name] = tftypes.NewValue(t, nil)
	}
	if t, ok := objType.AttributeTypes["id"]; ok && t.Is(tftypes.String) {
		attrs["id"] = tftypes.NewValue(tftypes.String, req.ID)
	}
	dv, err := encode(tftypes.NewValue(objType, attrs), s)
	if err != nil {
		return &tfprotov6.ImportResourceStateResponse{Diagnostics: errorDiag("Import failed", err)}, nil
	}
	return &tfprotov6.ImportResourceStateResponse{
		ImportedResources: []*tfprotov6.ImportedResource{{TypeName: req.TypeName, State: dv}},
	}, nil
}

func (p *provider) MoveResourceState(context.Context, *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return &tfprotov6.MoveResourceStateResponse{Diagnostics: errorDiag("Move not supported", fmt.Errorf("the provider double does not move state between resource types"))}, nil
}

func (p *provider) UpgradeResourceIdentity(context.Context, *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return &tfprotov6.UpgradeResourceIdentityResponse{Diagnostics: errorDiag("Identity not supported", fmt.Errorf("the provider double has no resource identities"))}, nil
}

func (p *provider) GenerateResourceConfig(context.Context, *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return &tfprotov6.GenerateResourceConfigResponse{Diagnostics: errorDiag("Not supported", fmt.Errorf("the provider double does not generate configuration"))}, nil
}

// ReadDataSource answers with the configuration plus placeholders for the computed
// attributes; a few data sources whose values our configuration decodes answer for real
// (see datasources.go).
func (p *provider) ReadDataSource(_ context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	s, ok := p.schemas.dataSources[req.TypeName]
	if !ok {
		return &tfprotov6.ReadDataSourceResponse{Diagnostics: errorDiag("Unknown data source", fmt.Errorf("the provider double has no schema for data source %q", req.TypeName))}, nil
	}
	config, err := decode(req.Config, s)
	if err != nil {
		return &tfprotov6.ReadDataSourceResponse{Diagnostics: errorDiag("Unreadable configuration", err)}, nil
	}
	state, err := fillNullComputed(s.Block, config, newPlaceholderContext(p, req.TypeName, config))
	if err == nil {
		state, err = p.answerDataSource(req.TypeName, config, state)
	}
	if err != nil {
		return &tfprotov6.ReadDataSourceResponse{Diagnostics: errorDiag("Read failed", err)}, nil
	}
	dv, err := encode(state, s)
	if err != nil {
		return &tfprotov6.ReadDataSourceResponse{Diagnostics: errorDiag("Read failed", err)}, nil
	}
	return &tfprotov6.ReadDataSourceResponse{State: dv}, nil
}

func (p *provider) CallFunction(context.Context, *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return &tfprotov6.CallFunctionResponse{Error: &tfprotov6.FunctionError{Text: "the provider double has no functions"}}, nil
}

func (p *provider) GetFunctions(context.Context, *tfprotov6.GetFunctionsRequest) (*tfprotov6.GetFunctionsResponse, error) {
	return &tfprotov6.GetFunctionsResponse{Functions: map[string]*tfprotov6.Function{}}, nil
}

func (p *provider) ValidateEphemeralResourceConfig(context.Context, *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	return &tfprotov6.ValidateEphemeralResourceConfigResponse{}, nil
}

func (p *provider) OpenEphemeralResource(context.Context, *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	return &tfprotov6.OpenEphemeralResourceResponse{Diagnostics: errorDiag("Not supported", fmt.Errorf("the provider double serves no ephemeral resources"))}, nil
}

func (p *provider) RenewEphemeralResource(context.Context, *tfprotov6.RenewEphemeralResourceRequest) (*tfprotov6.RenewEphemeralResourceResponse, error) {
	return &tfprotov6.RenewEphemeralResourceResponse{}, nil
}

func (p *provider) CloseEphemeralResource(context.Context, *tfprotov6.CloseEphemeralResourceRequest) (*tfprotov6.CloseEphemeralResourceResponse, error) {
	return &tfprotov6.CloseEphemeralResourceResponse{}, nil
}
