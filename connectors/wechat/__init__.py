"""WeChat protocol pieces, split like wechatpy: signatures/crypto, XML parsing and reply building are pure
functions apart from the HTTP clients (access-token cache, customer-service and WeCom APIs)."""
