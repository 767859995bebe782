"""The Qt-free domain: models, storage, search, capture and annotation."""
