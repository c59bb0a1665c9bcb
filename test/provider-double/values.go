package main

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/big"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// planComputed plans an object: every computed attribute the configuration leaves null keeps
// its prior value (so a plan after an apply is empty) or, where there is none (a create, a
// new element, an import), becomes unknown ("known after apply"), as a real provider plans it.
func planComputed(block *tfprotov6.SchemaBlock, proposed, prior tftypes.Value) (tftypes.Value, error) {
	return tftypes.Transform(proposed, func(path *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if !v.IsNull() {
			return v, nil
		}
		attr := attributeAt(block, path)
		if attr == nil || !attr.Computed {
			return v, nil
		}
		if !prior.IsNull() {
			if found, _, err := tftypes.WalkAttributePath(prior, path); err == nil {
				if old, ok := found.(tftypes.Value); ok && !old.IsNull() && old.Type().Equal(v.Type()) {
					return old, nil
				}
			}
		}
		return tftypes.NewValue(v.Type(), tftypes.UnknownValue), nil
	})
}

// fillNullComputed gives every computed attribute that is still null a placeholder: what a
// real provider reports after reading an object it did not create (an import, a data source).
func fillNullComputed(block *tfprotov6.SchemaBlock, val tftypes.Value, ctx placeholderContext) (tftypes.Value, error) {
	return tftypes.Transform(val, func(path *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if !v.IsNull() || len(path.Steps()) == 0 {
			return v, nil
		}
		if attr := attributeAt(block, path); attr != nil && attr.Computed {
			return ctx.placeholder(v.Type(), path), nil
		}
		return v, nil
	})
}

// fillUnknown replaces every unknown value of a planned object with its placeholder (apply).
func fillUnknown(val tftypes.Value, ctx placeholderContext) (tftypes.Value, error) {
	return tftypes.Transform(val, func(path *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsKnown() {
			return v, nil
		}
		return ctx.placeholder(v.Type(), path), nil
	})
}

// placeholderContext makes deterministic, type-correct placeholder values for one object:
// the same resource type and configuration always get the same values.
type placeholderContext struct {
	typeName    string
	digest      string
	nameHint    string
	region      string
	account     string
	defaultTags map[string]string
	tags        map[string]string
}

func newPlaceholderContext(p *provider, typeName string, object tftypes.Value) placeholderContext {
	sum := sha256.Sum256([]byte(typeName + "\x00" + object.String()))
	ctx := placeholderContext{
		typeName:    typeName,
		digest:      hex.EncodeToString(sum[:]),
		region:      p.region,
		account:     p.account,
		defaultTags: p.defaultTags,
	}
	attrs := map[string]tftypes.Value{}
	if object.Type().Is(tftypes.Object{}) && object.IsKnown() && !object.IsNull() {
		_ = object.As(&attrs)
	}
	for _, key := range []string{"name", "bucket", "function_name", "cluster_identifier", "identifier", "family"} {
		if s, ok := knownString(attrs[key]); ok && s != "" {
			ctx.nameHint = s
			break
		}
	}
	if tags, ok := attrs["tags"]; ok && tags.IsKnown() && !tags.IsNull() {
		m := map[string]tftypes.Value{}
		if err := tags.As(&m); err == nil {
			ctx.tags = map[string]string{}
			for k, v := range m {
				if s, ok := knownString(v); ok {
					ctx.tags[k] = s
				}
			}
		}
	}
	return ctx
}

func knownString(v tftypes.Value) (string, bool) {
	if v.Type() == nil || !v.Type().Is(tftypes.String) || !v.IsKnown() || v.IsNull() {
		return "", false
	}
	var s string
	if err := v.As(&s); err != nil {
		return "", false
	}
	return s, true
}

func (c placeholderContext) hash(path *tftypes.AttributePath, n int) string {
	sum := sha256.Sum256([]byte(c.digest + "\x00" + path.String()))
	return hex.EncodeToString(sum[:])[:n]
}

func lastName(path *tftypes.AttributePath) string {
	steps := path.Steps()
	for i := len(steps) - 1; i >= 0; i-- {
		if name, ok := steps[i].(tftypes.AttributeName); ok {
			return string(name)
		}
	}
	return ""
}

func (c placeholderContext) placeholder(t tftypes.Type, path *tftypes.AttributePath) tftypes.Value {
	switch {
	case t.Is(tftypes.String):
		return tftypes.NewValue(tftypes.String, c.stringFor(lastName(path), path))
	case t.Is(tftypes.Number):
		return tftypes.NewValue(tftypes.Number, big.NewFloat(0))
	case t.Is(tftypes.Bool):
		return tftypes.NewValue(tftypes.Bool, false)
	case t.Is(tftypes.DynamicPseudoType):
		return tftypes.NewValue(tftypes.String, c.stringFor(lastName(path), path))
	// A computed collection gets one element: configurations index the first one (e.g. the
	// secret of a managed master password), and one element is what most such objects report.
	case t.Is(tftypes.List{}):
		return tftypes.NewValue(t, []tftypes.Value{c.placeholder(t.(tftypes.List).ElementType, path.WithElementKeyInt(0))})
	case t.Is(tftypes.Set{}):
		elem := c.placeholder(t.(tftypes.Set).ElementType, path.WithElementKeyInt(0))
		return tftypes.NewValue(t, []tftypes.Value{elem})
	case t.Is(tftypes.Map{}):
		if lastName(path) == "tags_all" && t.(tftypes.Map).ElementType.Is(tftypes.String) {
			merged := map[string]tftypes.Value{}
			for k, v := range c.defaultTags {
				merged[k] = tftypes.NewValue(tftypes.String, v)
			}
			for k, v := range c.tags {
				merged[k] = tftypes.NewValue(tftypes.String, v)
			}
			return tftypes.NewValue(t, merged)
		}
		return tftypes.NewValue(t, map[string]tftypes.Value{})
	case t.Is(tftypes.Object{}):
		obj := t.(tftypes.Object)
		attrs := map[string]tftypes.Value{}
		for name, at := range obj.AttributeTypes {
			attrs[name] = c.placeholder(at, path.WithAttributeName(name))
		}
		return tftypes.NewValue(t, attrs)
	case t.Is(tftypes.Tuple{}):
		tuple := t.(tftypes.Tuple)
		elems := make([]tftypes.Value, len(tuple.ElementTypes))
		for i, et := range tuple.ElementTypes {
			elems[i] = c.placeholder(et, path.WithElementKeyInt(i))
		}
		return tftypes.NewValue(t, elems)
	}
	return tftypes.NewValue(t, nil)
}

// AWS service names of ARNs whose type prefix differs from the service.
var arnServices = map[string]string{
	"lb": "elasticloadbalancing", "alb": "elasticloadbalancing", "cognito": "cognito-idp",
	"cloudwatch": "logs", "db": "rds", "api": "apigateway", "appautoscaling": "application-autoscaling",
	"vpc": "ec2", "subnet": "ec2", "security": "ec2", "route": "ec2", "internet": "ec2", "nat": "ec2",
	"eip": "ec2", "default": "ec2", "flow": "ec2", "network": "ec2", "instance": "ec2", "launch": "ec2",
}

var globalServices = map[string]bool{"iam": true, "s3": true, "cloudfront": true, "route53": true}

// EC2-style id prefixes, so that ids look like the ids a module may check.
var idPrefixes = map[string]string{
	"aws_vpc": "vpc", "aws_subnet": "subnet", "aws_security_group": "sg", "aws_default_security_group": "sg",
	"aws_internet_gateway": "igw", "aws_nat_gateway": "nat", "aws_route_table": "rtb", "aws_eip": "eipalloc",
	"aws_route_table_association": "rtbassoc", "aws_flow_log": "fl", "aws_vpc_security_group_ingress_rule": "sgr",
	"aws_vpc_security_group_egress_rule": "sgr", "aws_network_interface": "eni", "aws_instance": "i",
	"aws_kms_key": "", "aws_route": "r",
}

func (c placeholderContext) arn(path *tftypes.AttributePath) string {
	parts := strings.SplitN(c.typeName, "_", 3)
	if len(parts) < 2 || parts[0] != "aws" {
		return fmt.Sprintf("arn:double:%s:%s", c.typeName, c.hash(path, 16))
	}
	service := parts[1]
	if s, ok := arnServices[service]; ok {
		service = s
	}
	resource := strings.TrimPrefix(strings.TrimPrefix(c.typeName, "aws_"), parts[1]+"_")
	name := c.nameHint
	if name == "" {
		name = c.hash(path, 12)
	}
	if service == "s3" {
		return "arn:aws:s3:::" + name
	}
	region := c.region
	if globalServices[service] {
		region = ""
	}
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s/%s-%s", service, region, c.account, resource, name, c.hash(path, 6))
}

func (c placeholderContext) stringFor(name string, path *tftypes.AttributePath) string {
	switch {
	case name == "arn" || strings.HasSuffix(name, "_arn"):
		return c.arn(path)
	case name == "id":
		if prefix, ok := idPrefixes[c.typeName]; ok {
			if prefix == "" {
				return fmt.Sprintf("%s-%s-%s-%s-%s", c.hash(path, 8), c.hash(path, 12)[8:12], "4000", "8000", c.hash(path, 12))
			}
			return prefix + "-" + c.hash(path, 17)
		}
		if c.nameHint != "" {
			return c.nameHint
		}
		return c.hash(path, 16)
	case name == "region" || strings.HasSuffix(name, "_region"):
		return c.region
	case name == "account_id" || name == "owner_id" || name == "owner":
		return c.account
	case name == "json" || name == "policy" || strings.HasSuffix(name, "_json") || strings.HasSuffix(name, "_policy") || strings.HasSuffix(name, "_document"):
		return "{}"
	case strings.HasSuffix(name, "url") || strings.HasSuffix(name, "endpoint") || strings.HasSuffix(name, "_uri"):
		return "https://" + c.hash(path, 12) + ".double.invalid"
	case strings.HasSuffix(name, "dns_name") || strings.HasSuffix(name, "domain_name") || name == "hostname" || strings.HasSuffix(name, "_domain"):
		return c.hash(path, 12) + ".double.invalid"
	case strings.Contains(name, "base64sha") || strings.HasSuffix(name, "_hash"):
		sum := sha256.Sum256([]byte(c.digest + path.String()))
		return base64.StdEncoding.EncodeToString(sum[:])
	case strings.Contains(name, "sha") || strings.Contains(name, "md5") || name == "etag" || strings.HasSuffix(name, "_etag"):
		return c.hash(path, 40)
	case strings.HasSuffix(name, "_date") || strings.HasSuffix(name, "_time") || strings.HasPrefix(name, "created") || strings.HasPrefix(name, "last_modified"):
		return "2026-01-01T00:00:00Z"
	case strings.HasSuffix(name, "_ip") || name == "ip":
		return "192.0.2.10"
	case name == "version" || strings.HasSuffix(name, "_version"):
		return "1"
	}
	return name + "-" + c.hash(path, 8)
}

// setAttributes returns obj with the named top-level attributes replaced (their types are kept).
func setAttributes(obj tftypes.Value, values map[string]interface{}) (tftypes.Value, error) {
	attrs := map[string]tftypes.Value{}
	if err := obj.As(&attrs); err != nil {
		return obj, err
	}
	objType := obj.Type().(tftypes.Object)
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t, ok := objType.AttributeTypes[name]
		if !ok {
			continue
		}
		v := values[name]
		switch {
		case t.Is(tftypes.List{}) || t.Is(tftypes.Set{}):
			list := []tftypes.Value{}
			for _, s := range v.([]string) {
				list = append(list, tftypes.NewValue(tftypes.String, s))
			}
			attrs[name] = tftypes.NewValue(t, list)
		case t.Is(tftypes.Number):
			attrs[name] = tftypes.NewValue(t, big.NewFloat(v.(float64)))
		default:
			attrs[name] = tftypes.NewValue(t, v)
		}
	}
	return tftypes.NewValue(obj.Type(), attrs), nil
}

// toGo turns a known value into plain Go values (string, float64, bool, []interface{}, map[string]interface{}, nil).
func toGo(v tftypes.Value) interface{} {
	if v.IsNull() || !v.IsKnown() {
		return nil
	}
	t := v.Type()
	switch {
	case t.Is(tftypes.String):
		var s string
		_ = v.As(&s)
		return s
	case t.Is(tftypes.Number):
		f := new(big.Float)
		_ = v.As(&f)
		out, _ := f.Float64()
		return out
	case t.Is(tftypes.Bool):
		var b bool
		_ = v.As(&b)
		return b
	case t.Is(tftypes.List{}) || t.Is(tftypes.Set{}) || t.Is(tftypes.Tuple{}):
		var elems []tftypes.Value
		_ = v.As(&elems)
		out := make([]interface{}, 0, len(elems))
		for _, e := range elems {
			out = append(out, toGo(e))
		}
		return out
	case t.Is(tftypes.Map{}) || t.Is(tftypes.Object{}):
		m := map[string]tftypes.Value{}
		_ = v.As(&m)
		out := map[string]interface{}{}
		for k, e := range m {
			out[k] = toGo(e)
		}
		return out
	}
	return nil
}
