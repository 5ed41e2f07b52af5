package awsssm

import (
	"net/http"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

var resourceTypes = []string{"Document", "ManagedInstance", "MaintenanceWindow", "Parameter", "PatchBaseline", "OpsItem", "OpsMetadata", "Automation", "Association"}

// checkTagTarget validates the resource of a tag operation: arca keeps only
// parameters, so every other SSM resource type is InvalidResourceType.
func checkTagTarget(v *awsjson.Validator, resourceType, id string) error {
	v.Required("resourceType", resourceType != "")
	v.Enum("resourceType", resourceType, resourceTypes...)
	v.Required("resourceId", id != "")
	if err := v.Err(); err != nil {
		return err
	}
	if resourceType != "Parameter" {
		return &awsjson.Fault{Status: http.StatusBadRequest, Code: "InvalidResourceType", Message: "The resource type is not supported by this server: only Parameter resources exist."}
	}
	return nil
}

// resourceErr reports a missing parameter the way the tag operations do.
func resourceErr(err error) error {
	if arca.ErrorCode(err) == arca.ENotFound {
		return &awsjson.Fault{Status: http.StatusBadRequest, Code: "InvalidResourceId", Message: "The resource ID is not valid. Verify that you entered the correct ID and try again."}
	}
	return err
}
