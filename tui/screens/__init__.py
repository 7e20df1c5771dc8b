"""The app's screens: 工作台, 文件登记簿, 文件详情."""
