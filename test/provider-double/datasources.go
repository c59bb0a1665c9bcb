package main

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// answerDataSource gives the data sources whose values a configuration uses for more than
// display values that hold for that use: the account and region the provider was configured
// for, and a policy document that is the JSON of its statements.
func (p *provider) answerDataSource(typeName string, config, state tftypes.Value) (tftypes.Value, error) {
	cfg, _ := toGo(config).(map[string]interface{})
	switch typeName {
	case "aws_caller_identity":
		return setAttributes(state, map[string]interface{}{
			"account_id": p.account,
			"arn":        fmt.Sprintf("arn:aws:sts::%s:assumed-role/provider-double/terraform", p.account),
			"user_id":    "AROADOUBLEPROVIDER:terraform",
			"id":         p.account,
		})
	case "aws_region":
		region := p.region
		if r, ok := cfg["region"].(string); ok && r != "" {
			region = r
		} else if r, ok := cfg["name"].(string); ok && r != "" {
			region = r
		}
		return setAttributes(state, map[string]interface{}{
			"name": region, "region": region, "id": region,
			"endpoint": fmt.Sprintf("ec2.%s.amazonaws.com", region), "description": region,
		})
	case "aws_partition":
		return setAttributes(state, map[string]interface{}{
			"partition": "aws", "dns_suffix": "amazonaws.com", "reverse_dns_prefix": "com.amazonaws", "id": "aws",
		})
	case "aws_availability_zones":
		return setAttributes(state, map[string]interface{}{
			"names":    []string{p.region + "a", p.region + "b", p.region + "c"},
			"zone_ids": []string{"use1-az1", "use1-az2", "use1-az4"},
			"id":       p.region,
		})
	case "aws_iam_policy_document":
		doc, err := policyDocument(cfg)
		if err != nil {
			return state, err
		}
		pretty, _ := json.MarshalIndent(doc, "", "  ")
		minified, _ := json.Marshal(doc)
		sum := sha256.Sum256(minified)
		return setAttributes(state, map[string]interface{}{
			"json": string(pretty), "minified_json": string(minified), "id": hex.EncodeToString(sum[:8]),
		})
	case "archive_file":
		// The double does not read the files: the digests are of the configuration.
		seed := []byte(config.String())
		s1, s256, s512, m5 := sha1.Sum(seed), sha256.Sum256(seed), sha512.Sum512(seed), md5.Sum(seed)
		return setAttributes(state, map[string]interface{}{
			"output_sha": hex.EncodeToString(s1[:]), "output_sha256": hex.EncodeToString(s256[:]),
			"output_sha512": hex.EncodeToString(s512[:]), "output_md5": hex.EncodeToString(m5[:]),
			"output_base64sha256": base64.StdEncoding.EncodeToString(s256[:]),
			"output_base64sha512": base64.StdEncoding.EncodeToString(s512[:]),
			"output_size":         float64(len(seed)), "id": hex.EncodeToString(s1[:]),
		})
	}
	return state, nil
}

// ordered keeps the key order the AWS provider writes policy statements in.
type ordered []struct {
	key   string
	value interface{}
}

func (o ordered) MarshalJSON() ([]byte, error) {
	out := []byte{'{'}
	for i, kv := range o {
		if i > 0 {
			out = append(out, ',')
		}
		k, _ := json.Marshal(kv.key)
		v, err := json.Marshal(kv.value)
		if err != nil {
			return nil, err
		}
		out = append(append(append(out, k...), ':'), v...)
	}
	return append(out, '}'), nil
}

func (o *ordered) add(key string, value interface{}) {
	if value == nil {
		return
	}
	*o = append(*o, struct {
		key   string
		value interface{}
	}{key, value})
}

func stringsOf(v interface{}) []string {
	list, _ := v.([]interface{})
	out := []string{}
	for _, e := range list {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// oneOrMany is how IAM writes a one-element list: as the element.
func oneOrMany(values []string) interface{} {
	switch len(values) {
	case 0:
		return nil
	case 1:
		return values[0]
	}
	return values
}

func principals(v interface{}) interface{} {
	blocks, _ := v.([]interface{})
	if len(blocks) == 0 {
		return nil
	}
	byType := map[string][]string{}
	for _, b := range blocks {
		m, _ := b.(map[string]interface{})
		t, _ := m["type"].(string)
		byType[t] = append(byType[t], stringsOf(m["identifiers"])...)
	}
	if ids, ok := byType["*"]; ok && len(byType) == 1 && len(ids) == 1 && ids[0] == "*" {
		return "*"
	}
	out := ordered{}
	for _, t := range sortedKeys(byType) {
		sort.Strings(byType[t])
		out.add(t, oneOrMany(byType[t]))
	}
	return out
}

func conditions(v interface{}) interface{} {
	blocks, _ := v.([]interface{})
	if len(blocks) == 0 {
		return nil
	}
	byTest := map[string]map[string][]string{}
	for _, b := range blocks {
		m, _ := b.(map[string]interface{})
		test, _ := m["test"].(string)
		variable, _ := m["variable"].(string)
		if byTest[test] == nil {
			byTest[test] = map[string][]string{}
		}
		values, _ := m["values"].([]interface{})
		for _, e := range values {
			if s, ok := e.(string); ok {
				byTest[test][variable] = append(byTest[test][variable], s)
			}
		}
	}
	out := ordered{}
	for _, test := range sortedKeys(byTest) {
		inner := ordered{}
		for _, variable := range sortedKeys(byTest[test]) {
			inner.add(variable, oneOrMany(byTest[test][variable]))
		}
		out.add(test, inner)
	}
	return out
}

func policyDocument(cfg map[string]interface{}) (ordered, error) {
	statements := []interface{}{}
	for _, source := range stringsOf(cfg["source_policy_documents"]) {
		var doc struct {
			Statement []interface{} `json:"Statement"`
		}
		if err := json.Unmarshal([]byte(source), &doc); err != nil {
			return nil, fmt.Errorf("source_policy_documents: %w", err)
		}
		statements = append(statements, doc.Statement...)
	}
	blocks, _ := cfg["statement"].([]interface{})
	for _, b := range blocks {
		m, _ := b.(map[string]interface{})
		st := ordered{}
		if sid, ok := m["sid"].(string); ok && sid != "" {
			st.add("Sid", sid)
		}
		effect, _ := m["effect"].(string)
		if effect == "" {
			effect = "Allow"
		}
		st.add("Effect", effect)
		st.add("Action", oneOrMany(stringsOf(m["actions"])))
		st.add("NotAction", oneOrMany(stringsOf(m["not_actions"])))
		st.add("Resource", oneOrMany(stringsOf(m["resources"])))
		st.add("NotResource", oneOrMany(stringsOf(m["not_resources"])))
		st.add("Principal", principals(m["principals"]))
		st.add("NotPrincipal", principals(m["not_principals"]))
		st.add("Condition", conditions(m["condition"]))
		statements = append(statements, st)
	}
	version, _ := cfg["version"].(string)
	if version == "" {
		version = "2012-10-17"
	}
	doc := ordered{}
	doc.add("Version", version)
	if id, ok := cfg["policy_id"].(string); ok && id != "" {
		doc.add("Id", id)
	}
	doc.add("Statement", statements)
	return doc, nil
}
