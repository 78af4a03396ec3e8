// Nojor's page scripts: each feature is a small module that enhances markup which already works without it.
