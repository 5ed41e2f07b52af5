package e2e_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

func TestSM_Replication(t *testing.T) {
	e, c := smStart(t)
	west := e.sm("eu-west-1")
	arn := aws.ToString(smCreate(t, c, "global/api-key", "v1").ARN)
	westARN := strings.Replace(arn, "us-east-1", "eu-west-1", 1)
	r, err := c.ReplicateSecretToRegions(bg, &secretsmanager.ReplicateSecretToRegionsInput{
		SecretId: aws.String("global/api-key"), AddReplicaRegions: []types.ReplicaRegionType{{Region: aws.String("eu-west-1")}},
	})
	wantOK(t, err)
	if len(r.ReplicationStatus) != 1 || r.ReplicationStatus[0].Status != types.StatusTypeInSync {
		t.Fatalf("status = %+v", r.ReplicationStatus)
	}
	g := smGet(t, west, "global/api-key")
	if aws.ToString(g.SecretString) != "v1" || aws.ToString(g.ARN) != westARN {
		t.Fatalf("replica read = %+v", g)
	}
	smPut(t, c, "global/api-key", "v2")
	if aws.ToString(smGet(t, west, westARN).SecretString) != "v2" || aws.ToString(smGet(t, west, "global/api-key", smStage("AWSPREVIOUS")).SecretString) != "v1" {
		t.Fatal("replica did not follow PutSecretValue")
	}
	d := smDescribe(t, west, "global/api-key")
	if aws.ToString(d.PrimaryRegion) != "us-east-1" {
		t.Fatalf("replica PrimaryRegion = %q", aws.ToString(d.PrimaryRegion))
	}
	if p := smDescribe(t, c, "global/api-key"); len(p.ReplicationStatus) != 1 || aws.ToString(p.ReplicationStatus[0].Region) != "eu-west-1" {
		t.Fatalf("primary ReplicationStatus = %+v", p.ReplicationStatus)
	}
	_, err = west.PutSecretValue(bg, &secretsmanager.PutSecretValueInput{SecretId: aws.String("global/api-key"), SecretString: aws.String("x")})
	wantTyped[*types.InvalidRequestException](t, err)
	_, err = c.DeleteSecret(bg, &secretsmanager.DeleteSecretInput{SecretId: aws.String("global/api-key")})
	wantTyped[*types.InvalidRequestException](t, err)
	_, err = c.ReplicateSecretToRegions(bg, &secretsmanager.ReplicateSecretToRegionsInput{
		SecretId: aws.String("global/api-key"), AddReplicaRegions: []types.ReplicaRegionType{{Region: aws.String("us-east-1")}},
	})
	wantTyped[*types.InvalidParameterException](t, err)
	_, err = c.ReplicateSecretToRegions(bg, &secretsmanager.ReplicateSecretToRegionsInput{
		SecretId: aws.String("global/api-key"), AddReplicaRegions: []types.ReplicaRegionType{{Region: aws.String("Nowhere")}},
	})
	wantCode(t, err, "ValidationException")

	t.Run("remove", func(t *testing.T) {
		_, err := c.ReplicateSecretToRegions(bg, &secretsmanager.ReplicateSecretToRegionsInput{
			SecretId: aws.String("global/api-key"), AddReplicaRegions: []types.ReplicaRegionType{{Region: aws.String("ap-south-1")}},
		})
		wantOK(t, err)
		rm, err := c.RemoveRegionsFromReplication(bg, &secretsmanager.RemoveRegionsFromReplicationInput{
			SecretId: aws.String("global/api-key"), RemoveReplicaRegions: []string{"ap-south-1"},
		})
		wantOK(t, err)
		if len(rm.ReplicationStatus) != 1 {
			t.Fatalf("left = %+v", rm.ReplicationStatus)
		}
		_, err = e.sm("ap-south-1").DescribeSecret(bg, &secretsmanager.DescribeSecretInput{SecretId: aws.String("global/api-key")})
		wantTyped[*types.ResourceNotFoundException](t, err)
	})
	t.Run("promote", func(t *testing.T) {
		_, err := c.StopReplicationToReplica(bg, &secretsmanager.StopReplicationToReplicaInput{SecretId: aws.String("global/api-key")})
		wantTyped[*types.InvalidRequestException](t, err)
		s, err := west.StopReplicationToReplica(bg, &secretsmanager.StopReplicationToReplicaInput{SecretId: aws.String(westARN)})
		wantOK(t, err)
		if aws.ToString(s.ARN) != westARN {
			t.Fatalf("promoted ARN = %s", aws.ToString(s.ARN))
		}
		smPut(t, west, "global/api-key", "west-own")
		if aws.ToString(smGet(t, c, "global/api-key").SecretString) != "v2" {
			t.Fatal("the promoted secret wrote through to the old primary")
		}
		_, err = c.DeleteSecret(bg, &secretsmanager.DeleteSecretInput{SecretId: aws.String("global/api-key"), ForceDeleteWithoutRecovery: aws.Bool(true)})
		wantOK(t, err)
	})
	t.Run("create_with_replicas", func(t *testing.T) {
		out, err := c.CreateSecret(bg, &secretsmanager.CreateSecretInput{
			Name: aws.String("global/two"), SecretString: aws.String("x"),
			AddReplicaRegions: []types.ReplicaRegionType{{Region: aws.String("eu-central-1")}},
		})
		wantOK(t, err)
		if len(out.ReplicationStatus) != 1 || aws.ToString(smGet(t, e.sm("eu-central-1"), "global/two").SecretString) != "x" {
			t.Fatalf("replication = %+v", out.ReplicationStatus)
		}
	})
}
