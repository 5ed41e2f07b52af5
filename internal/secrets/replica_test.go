package secrets_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/secrets"
)

var west = in("eu-west-1")

func TestService_Replicate(t *testing.T) {
	f := newFixture(t)
	primary := f.create(t, east, "app/db", "v1")
	must[*secrets.ReplicationResult](t)(f.svc.Replicate(east, "app/db", []secrets.ReplicaTarget{{Region: "eu-west-1"}}, false))
	replicaARN := strings.Replace(primary.ARN, "us-east-1", "eu-west-1", 1)

	t.Run("reads_in_the_replica_region", func(t *testing.T) {
		for _, id := range []string{"app/db", replicaARN} {
			if got := f.value(t, west, id, "", ""); got != "v1" {
				t.Fatalf("replica value by %s = %q", id, got)
			}
		}
		d := must[*secrets.Secret](t)(f.svc.Describe(west, "app/db"))
		if d.PrimaryRegion != "us-east-1" || d.ARN != replicaARN {
			t.Fatalf("replica describe: %+v", d)
		}
		p := must[*secrets.Secret](t)(f.svc.Describe(east, "app/db"))
		if p.PrimaryRegion != "us-east-1" || len(p.Replicas) != 1 || p.Replicas[0].Status != secrets.ReplicaInSync {
			t.Fatalf("primary describe: %+v", p)
		}
	})
	t.Run("follows_every_change", func(t *testing.T) {
		v2 := f.put(t, east, "app/db", "v2").VersionID
		must[*secrets.WriteResult](t)(f.svc.Update(east, secrets.UpdateInput{ID: "app/db", Description: ptr("the db")}))
		if err := f.svc.Tag(east, "app/db", []secrets.Tag{{Key: "env", Value: "prod"}}); err != nil {
			t.Fatal(err)
		}
		if got := f.value(t, west, "app/db", "", ""); got != "v2" {
			t.Fatalf("replica AWSCURRENT = %q", got)
		}
		if got := f.value(t, west, "app/db", "", "AWSPREVIOUS"); got != "v1" {
			t.Fatalf("replica AWSPREVIOUS = %q", got)
		}
		if !reflect.DeepEqual(f.stages(t, west, "app/db"), f.stages(t, east, "app/db")) {
			t.Fatal("replica stages differ from the primary's")
		}
		d := must[*secrets.Secret](t)(f.svc.Describe(west, "app/db"))
		if d.Description != "the db" || len(d.Tags) != 1 {
			t.Fatalf("replica metadata: %+v", d)
		}
		must[*secrets.Ref](t)(f.svc.MoveStage(east, secrets.MoveStageInput{ID: "app/db", Stage: "AWSCURRENT", MoveTo: primary.VersionID, RemoveFrom: v2}))
		if got := f.value(t, west, "app/db", "", ""); got != "v1" {
			t.Fatalf("replica AWSCURRENT after a roll back = %q", got)
		}
	})
	t.Run("replica_is_read_only", func(t *testing.T) {
		_, err := f.svc.PutValue(west, secrets.PutInput{ID: "app/db", Value: *text("x")})
		wantCode(t, err, arca.EConflict)
		wantCode(t, f.svc.Tag(west, "app/db", []secrets.Tag{{Key: "a"}}), arca.EConflict)
		_, err = f.svc.Delete(west, secrets.DeleteInput{ID: "app/db", Force: true})
		wantCode(t, err, arca.EConflict)
		_, err = f.svc.Create(west, secrets.CreateInput{Name: "app/db", Value: text("x")})
		wantCode(t, err, arca.EExists)
	})
	t.Run("primary_with_replicas_cannot_be_deleted", func(t *testing.T) {
		_, err := f.svc.Delete(east, secrets.DeleteInput{ID: "app/db"})
		wantCode(t, err, arca.EConflict)
	})
	t.Run("bad_regions", func(t *testing.T) {
		for _, r := range []string{"us-east-1", "mars-1", "cn-north-1"} {
			_, err := f.svc.Replicate(east, "app/db", []secrets.ReplicaTarget{{Region: r}}, false)
			wantCode(t, err, arca.EInvalid)
		}
	})
	t.Run("name_taken", func(t *testing.T) {
		f.create(t, in("ap-south-1"), "app/db", "theirs")
		res := must[*secrets.ReplicationResult](t)(f.svc.Replicate(east, "app/db", []secrets.ReplicaTarget{{Region: "ap-south-1"}}, false))
		if st := res.Replicas[len(res.Replicas)-1]; st.Status != secrets.ReplicaFailed {
			t.Fatalf("status = %+v", st)
		}
		if f.value(t, in("ap-south-1"), "app/db", "", "") != "theirs" {
			t.Fatal("a failed replication overwrote the other secret")
		}
		must[*secrets.ReplicationResult](t)(f.svc.Replicate(east, "app/db", []secrets.ReplicaTarget{{Region: "ap-south-1"}}, true))
		if f.value(t, in("ap-south-1"), "app/db", "", "") != "v1" {
			t.Fatal("ForceOverwriteReplicaSecret did not replace the secret")
		}
	})
	t.Run("remove", func(t *testing.T) {
		res := must[*secrets.ReplicationResult](t)(f.svc.RemoveReplicas(east, "app/db", []string{"ap-south-1"}))
		if len(res.Replicas) != 1 {
			t.Fatalf("replicas left: %+v", res.Replicas)
		}
		_, err := f.svc.Describe(in("ap-south-1"), "app/db")
		wantCode(t, err, arca.ENotFound)
		_, err = f.svc.RemoveReplicas(east, "app/db", []string{"ap-south-1"})
		wantCode(t, err, arca.EInvalid)
	})
	t.Run("promote", func(t *testing.T) {
		_, err := f.svc.StopReplication(east, "app/db")
		wantCode(t, err, arca.EConflict)
		ref := must[*secrets.Ref](t)(f.svc.StopReplication(west, replicaARN))
		if ref.ARN != replicaARN {
			t.Fatalf("promoted ARN = %s", ref.ARN)
		}
		f.put(t, west, "app/db", "own")
		f.put(t, east, "app/db", "primary")
		if f.value(t, west, "app/db", "", "") != "own" || f.value(t, east, "app/db", "", "") != "primary" {
			t.Fatal("promoted secret is still linked")
		}
		if p := must[*secrets.Secret](t)(f.svc.Describe(east, "app/db")); len(p.Replicas) != 0 {
			t.Fatalf("primary still lists %+v", p.Replicas)
		}
		must[*secrets.DeleteResult](t)(f.svc.Delete(east, secrets.DeleteInput{ID: "app/db", Force: true}))
	})
}

func TestService_Create_withReplicas(t *testing.T) {
	f := newFixture(t)
	_, err := f.svc.Create(east, secrets.CreateInput{
		Name: "r", Value: text("v"), Replicas: []secrets.ReplicaTarget{{Region: "eu-west-1"}, {Region: "eu-central-1", KeyID: "alias/nope"}},
	})
	wantCode(t, err, arca.EKeyInvalid)
	for _, ctx := range []context.Context{east, west} {
		_, err := f.svc.Describe(ctx, "r")
		wantCode(t, err, arca.ENotFound) // all or nothing
	}
	res := must[*secrets.WriteResult](t)(f.svc.Create(east, secrets.CreateInput{
		Name: "r", Value: text("v"), Replicas: []secrets.ReplicaTarget{{Region: "eu-west-1"}, {Region: "eu-central-1"}},
	}))
	if len(res.Replicas) != 2 || f.value(t, in("eu-central-1"), "r", "", "") != "v" {
		t.Fatalf("replicas = %+v", res.Replicas)
	}
}

func ptr[T any](v T) *T { return &v }
