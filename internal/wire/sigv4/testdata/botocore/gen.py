"""Regenerates the botocore-signed requests in this directory.

Each NAME.http file is a raw HTTP/1.1 request exactly as botocore (the aws
CLI's library) signs it at 2026-03-14T15:09:26Z with the test key of
helpers_test.go. Run from this directory: python3 gen.py
"""
import datetime
import os
from urllib.parse import urlsplit

import botocore.auth
import botocore.session
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest, AWSResponse
from botocore.credentials import Credentials

NOW = datetime.datetime(2026, 3, 14, 15, 9, 26)
botocore.auth.get_current_datetime = lambda: NOW
KEY, SECRET = 'AKIAARCATEST00000001', 'arcaTestSecret/Key+With=Symbols0123456789'
ENDPOINT = 'http://127.0.0.1:4566'
UNSIGNED_NOISE = {'user-agent', 'amz-sdk-invocation-id'}  # vary by machine and run; never signed


def raw(method, url, headers, body):
    parts = urlsplit(url)
    target = (parts.path or '/') + ('?' + parts.query if parts.query else '')
    lines = ['%s %s HTTP/1.1' % (method, target), 'Host: ' + parts.netloc]
    lines += ['%s: %s' % (k, v.decode() if isinstance(v, bytes) else v) for k, v in headers.items()
              if k.lower() not in UNSIGNED_NOISE]
    body = body or b''
    if isinstance(body, str):
        body = body.encode()
    if body and not any(k.lower() == 'content-length' for k in headers):
        lines.append('Content-Length: %d' % len(body))
    return ('\r\n'.join(lines) + '\r\n\r\n').encode() + body


def write(name, data):
    with open(name + '.http', 'wb') as f:
        f.write(data)


def client_call(name, service, region, op, token=None, **params):
    session = botocore.session.get_session()
    client = session.create_client(service, region_name=region, endpoint_url=ENDPOINT,
                                   aws_access_key_id=KEY, aws_secret_access_key=SECRET,
                                   aws_session_token=token)

    def capture(request, **kwargs):
        write(name, raw(request.method, request.url, request.headers, request.body))
        return AWSResponse(request.url, 400, {}, None)

    client.meta.events.register('before-send', capture)
    try:
        getattr(client, op)(**params)
    except Exception:
        pass  # the fake response is not a valid reply; the request is captured
    return client


client_call('ssm_get_parameter', 'ssm', 'eu-west-3', 'get_parameter', Name='/app/db/pass word', WithDecryption=True)
client_call('secretsmanager_with_token', 'secretsmanager', 'us-east-1', 'get_secret_value',
            token='FwoGZXIvYXdzEBYaDH+/=token', SecretId='prod/db')
client_call('kms_encrypt', 'kms', 'ap-southeast-2', 'encrypt', KeyId='alias/app', Plaintext=b'secret')
sts = client_call('sts_get_caller_identity', 'sts', 'us-east-1', 'get_caller_identity')

# As `aws eks get-token` does; without HttpMethod botocore signs for POST.
url = sts.generate_presigned_url('get_caller_identity', ExpiresIn=60, HttpMethod='GET')
write('sts_presigned', raw('GET', url, {}, b''))

# A path with dot segments and repeated slashes: botocore normalizes it.
req = AWSRequest(method='GET', url=ENDPOINT + '//a/./b/../c%2Fd/?b=2&a=1&a=%20x')
SigV4Auth(Credentials(KEY, SECRET), 'ssm', 'us-east-1').add_auth(req)
p = req.prepare()
write('normalized_path', raw(p.method, p.url, p.headers, p.body))
