"""The app's screens: 工作台, 文件登记簿, 文件详情, 定期清理 (with the modules that draw them)."""
